import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { clearSchedulerCache, readScope, schedulerPlan } from "@/lib/server/battles/scheduler-state";
import { issueBattle } from "@/lib/server/battles/issue-battle";
import { makeUser, resetData } from "../helpers/fixtures";

// The reported import: 200 prompts, 400 new models, two answers each (34 KB) took the server from 345 MB to
// 1.7 GB, because the scheduler kept per prompt an array over every pair of models (79,800 pairs here) and a
// list per pair. Its state must grow with the (prompt, pair) entries that can be issued (200 here), not with
// models² per prompt. Timing and peak memory at scale: npm run bench:scheduler-scale.

// Bytes held by a value: typed arrays by their buffers, plain arrays, maps, sets, objects and strings by their contents.
function footprint(value: unknown, seen = new Set<unknown>()): number {
  if (value === null || typeof value !== "object") return typeof value === "string" ? 2 * value.length : 8;
  if (seen.has(value)) return 0;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value instanceof Map) return [...value].reduce((sum, [k, v]) => sum + footprint(k, seen) + footprint(v, seen), 0);
  if (value instanceof Set || Array.isArray(value)) return [...value].reduce((sum: number, v) => sum + footprint(v, seen), 8);
  return Object.values(value).reduce((sum: number, v) => sum + footprint(v, seen), 8);
}

async function clean() {
  await resetData();
  clearSchedulerCache();
}
beforeEach(clean);
afterAll(clean);

describe("scheduler state with many models", () => {
  it("holds memory in proportion to the pairs that can be issued, not models² per prompt", async () => {
    const models = Array.from({ length: 400 }, (_, k) => ({ id: randomUUID(), key: `many-${k}`, displayName: `Many ${k}` }));
    await db.aiModel.createMany({ data: models });
    const set = await db.promptSet.create({ data: { name: "many models" } });
    const prompts = Array.from({ length: 200 }, (_, k) => ({ id: randomUUID(), promptSetId: set.id, externalId: `p${k}`, language: "en" as const, category: "c", text: `prompt ${k}`, contentHash: `h${k}` }));
    await db.prompt.createMany({ data: prompts });
    await db.response.createMany({
      data: prompts.flatMap((p, k) => [models[2 * k]!, models[2 * k + 1]!].map((m) => ({ promptId: p.id, modelId: m.id, text: `answer of ${m.key}`, contentHash: m.key }))),
    });

    const plan = await schedulerPlan(await readScope());
    const { weights, ...perPrompt } = plan;
    // One weight per pair of models is the scheduler's model-level state (79,800 pairs × 8 bytes).
    expect(weights.length).toBe((400 * 399) / 2);
    // Everything else: 200 issuable entries, 200 prompt ids, 400 model ids and their indices. Before the
    // fix the per-prompt arrays alone held 200 × 79,800 × 4 bytes = 64 MB.
    const bytes = footprint(perPrompt);
    expect(bytes).toBeLessThan(200_000);
    expect(plan.catalogue.pairs.length).toBe(200);

    // And it issues: a battle between the two models that answered the prompt.
    const view = await issueBattle(await makeUser());
    const battle = await db.battle.findUniqueOrThrow({ where: { id: view!.id } });
    const k = prompts.findIndex((p) => p.id === battle.promptId);
    expect([battle.pairLowId, battle.pairHighId].sort()).toEqual([models[2 * k]!.id, models[2 * k + 1]!.id].sort());
  });
});
