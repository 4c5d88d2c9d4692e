// The per-category view (issue 15, item 2) on real Postgres: every language, category and tag of the filtered
// votes, each model's rank change against the overall table, and the noise baseline that tells a real shift
// (a category where the weakest model is the best) from a small-sample one.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createRandom } from "@/lib/ratings";
import { importPromptFile } from "@/lib/server/import/import-prompt-file";
import { categoryCsvColumns, categoryCsvRows, clearCategoryViewCache, getCategoryView } from "@/lib/server/research/get-category-view";
import { parseLeaderboardFilters } from "@/lib/validation/leaderboard-filters";
import { makeUser, resetData } from "../helpers/fixtures";

const strength: Record<string, number> = { alpha: 1.2, beta: 0.6, gamma: 0, delta: -0.6 };
// In the "special" category delta is far ahead of everyone.
const specialStrength: Record<string, number> = { ...strength, delta: 2.4 };

beforeAll(async () => {
  await resetData();
  const lines = Array.from({ length: 160 }, (_, k) =>
    JSON.stringify({
      id: `cv${k}`,
      language: k % 2 ? "ar" : "en",
      category: k < 120 ? "general" : "special",
      tags: k % 4 === 0 ? ["quarter"] : [],
      prompt: `Question ${k}`,
      responses: Object.fromEntries(Object.keys(strength).map((m) => [m, `Answer of ${m} to ${k}`])),
    }),
  );
  await importPromptFile({ body: Buffer.from(lines.join("\n")), fileName: "categories.jsonl", setName: "categories" });
  const user = await makeUser("annotator");
  const models = await db.aiModel.findMany({ select: { id: true, key: true } });
  const prompts = await db.prompt.findMany({ select: { id: true, category: true, language: true } });
  const rng = createRandom(5);
  const battles = [];
  const votes = [];
  for (const prompt of prompts) {
    const s = prompt.category === "special" ? specialStrength : strength;
    for (let x = 0; x < models.length; x++) {
      for (let y = x + 1; y < models.length; y++) {
        const [a, b] = rng.nextDouble() < 0.5 ? [models[x]!, models[y]!] : [models[y]!, models[x]!];
        const [low, high] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
        const pA = 1 / (1 + Math.exp(s[b.key]! - s[a.key]!));
        const winner = rng.nextDouble() < 0.08 ? "tie" : rng.nextDouble() < pA ? "model_a" : "model_b";
        const battleId = randomUUID();
        battles.push({ id: battleId, annotatorId: user.id, promptId: prompt.id, modelAId: a.id, modelBId: b.id, pairLowId: low, pairHighId: high, expiresAt: new Date() });
        votes.push({ battleId, annotatorId: user.id, promptId: prompt.id, modelAId: a.id, modelBId: b.id, language: prompt.language, winner: winner as "tie" | "model_a" | "model_b", timeTakenMs: 10_000 });
      }
    }
  }
  await db.$transaction([db.battle.createMany({ data: battles }), db.vote.createMany({ data: votes })]);
});

describe("per-category view", () => {
  it("gives every language, category and tag its own table with rank changes and a noise baseline", async () => {
    clearCategoryViewCache();
    const view = await getCategoryView(parseLeaderboardFilters({}).data!);
    expect(view.votes).toBe(960);
    expect(view.slices.map((s) => `${s.kind}:${s.value}`)).toEqual(["language:ar", "language:en", "category:general", "category:special", "tag:quarter"]);
    expect(view.slices.find((s) => s.value === "special")!.votes).toBe(240);
    expect(view.slices.find((s) => s.value === "quarter")!.votes).toBe(240);
    for (const slice of view.slices) {
      expect(slice.compared).toBe(4);
      for (const row of slice.rows) {
        expect(row.rating).not.toBeNull();
        expect(row.ciLow!).toBeLessThanOrEqual(row.rating!);
        expect(row.ciHigh!).toBeGreaterThanOrEqual(row.rating!);
        expect(row.noise).not.toBeNull();
        expect(row.change).toBe(row.overallRank! - row.sliceRank!);
      }
    }
  });

  it("tells the real shift from the noise: delta leads the special category, beyond the baseline", async () => {
    const view = await getCategoryView(parseLeaderboardFilters({}).data!);
    const special = view.slices.find((s) => s.value === "special")!;
    const delta = special.rows.find((r) => r.model === "delta")!;
    expect(delta.sliceRank).toBe(1);
    expect(delta.change!).toBeGreaterThanOrEqual(2);
    expect(delta.beyondNoise).toBe(true);
    // The tag is a random quarter of all prompts: nothing in it should look like a real shift for delta.
    const quarter = view.slices.find((s) => s.value === "quarter")!;
    expect(quarter.rows.find((r) => r.model === "delta")!.beyondNoise).toBe(false);
  });

  it("is cached until a vote arrives, follows the filters, and flattens to CSV rows", async () => {
    const filters = parseLeaderboardFilters({ language: "ar" }).data!;
    const first = await getCategoryView(filters);
    expect(await getCategoryView(filters)).toBe(first);
    expect(first.votes).toBe(480);
    expect(first.slices.filter((s) => s.kind === "language").map((s) => s.value)).toEqual(["ar"]);
    const rows = categoryCsvRows(first);
    expect(rows.length).toBe(first.slices.reduce((n, s) => n + s.rows.length, 0));
    for (const row of rows) expect(row.length).toBe(categoryCsvColumns.length);
  });
});
