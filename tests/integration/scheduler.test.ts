import { randomBytes, randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createRandom } from "@/lib/ratings";
import type { CurrentUser } from "@/lib/server/auth/session";
import { issueBattle } from "@/lib/server/battles/issue-battle";
import { clearSchedulerCache } from "@/lib/server/battles/scheduler-state";
import { recordVote } from "@/lib/server/votes/record-vote";
import { makeUser, resetData } from "../helpers/fixtures";
import { recordTrips, type Trip } from "../helpers/round-trips";

type World = {
  models: { id: string; hidden: boolean; retired: boolean }[];
  sets: string[];
  prompts: { id: string; setId: string; language: "ar" | "en"; answeredBy: string[] }[];
};

// Models, prompt sets and prompts written straight to the tables (faster than an import per property run).
async function buildWorld(spec: { models: { hidden: boolean; retired: boolean }[]; prompts: { set: number; language: "ar" | "en"; answeredBy: number[] }[]; sets: number }): Promise<World> {
  const tag = randomBytes(3).toString("hex");
  const models = spec.models.map((m, k) => ({ id: randomUUID(), key: `m${k}-${tag}`, ...m }));
  await db.aiModel.createMany({ data: models.map((m) => ({ id: m.id, key: m.key, displayName: m.key, hidden: m.hidden, retired: m.retired })) });
  const sets = Array.from({ length: spec.sets }, () => randomUUID());
  await db.promptSet.createMany({ data: sets.map((id, k) => ({ id, name: `set${k}-${tag}` })) });
  const prompts = spec.prompts.map((p, k) => ({ id: randomUUID(), setId: sets[p.set % spec.sets]!, language: p.language, answeredBy: [...new Set(p.answeredBy.map((i) => models[i % models.length]!.id))], k }));
  await db.prompt.createMany({ data: prompts.map((p) => ({ id: p.id, promptSetId: p.setId, externalId: `p${p.k}`, language: p.language, category: "c", text: `prompt ${p.k}`, contentHash: `h${p.k}` })) });
  await db.response.createMany({ data: prompts.flatMap((p) => p.answeredBy.map((m) => ({ promptId: p.id, modelId: m, text: `answer of ${m.slice(0, 4)} to ${p.k}`, contentHash: `${p.k}${m}` }))) });
  return { models, sets, prompts };
}

async function activeCampaign(fields: { setIds: string[]; modelIds: string[]; goldRate?: number; overlapRate?: number }) {
  return db.campaign.create({
    data: {
      name: `c-${randomBytes(3).toString("hex")}`,
      active: true,
      goldRate: fields.goldRate ?? 0,
      overlapRate: fields.overlapRate ?? 0,
      promptSets: { create: fields.setIds.map((promptSetId) => ({ promptSetId })) },
      models: { create: fields.modelIds.map((modelId) => ({ modelId })) },
    },
  });
}

async function clean() {
  await resetData();
  clearSchedulerCache();
}

beforeEach(clean);
afterAll(clean);

const pairKey = (promptId: string, a: string, b: string) => `${promptId}:${[a, b].sort().join(":")}`;

describe("scheduler hard rules", () => {
  it("every issued battle satisfies every hard rule, and nothing eligible is left when it says none remain", async () => {
    const oneInSix = fc.integer({ min: 0, max: 5 }).map((x) => x === 0);
    const worldSpec = fc.record({
      models: fc.array(fc.record({ hidden: oneInSix, retired: oneInSix }), { minLength: 2, maxLength: 5 }),
      sets: fc.integer({ min: 1, max: 2 }),
      prompts: fc.array(
        fc.record({ set: fc.nat(1), language: fc.constantFrom<"ar" | "en">("ar", "en"), answeredBy: fc.array(fc.nat(4), { minLength: 2, maxLength: 5 }) }),
        { minLength: 1, maxLength: 6 },
      ),
    });
    const scenario = fc.record({
      world: worldSpec,
      languages: fc.constantFrom<("ar" | "en")[]>(["ar"], ["en"], ["ar", "en"]),
      campaign: fc.option(fc.record({ sets: fc.subarray([0, 1]), models: fc.subarray([0, 1, 2, 3, 4], { minLength: 2 }) }), { nil: null }),
      seed: fc.integer(),
    });
    let issuedInAllRuns = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ world: spec, languages, campaign: campaignSpec, seed }) => {
        await clean();
        const world = await buildWorld(spec);
        const campaign = campaignSpec
          ? await activeCampaign({
              setIds: campaignSpec.sets.filter((s) => s < world.sets.length).map((s) => world.sets[s]!),
              modelIds: [...new Set(campaignSpec.models.map((m) => world.models[m % world.models.length]!.id))],
            })
          : null;
        const campaignSets = new Set(campaign ? (await db.campaignPromptSet.findMany({ where: { campaignId: campaign.id } })).map((c) => c.promptSetId) : []);
        const campaignModels = new Set(campaign ? (await db.campaignModel.findMany({ where: { campaignId: campaign.id } })).map((c) => c.modelId) : []);
        const visible = new Set(world.models.filter((m) => !m.hidden && !m.retired).map((m) => m.id));
        // Everything this annotator may be shown, by the rules, and the prompts that have any of it.
        const eligible = new Set<string>();
        const eligiblePrompts = new Set<string>();
        for (const p of world.prompts) {
          if (!languages.includes(p.language) || (campaign && !campaignSets.has(p.setId))) continue;
          const models = p.answeredBy.filter((m) => visible.has(m) && (!campaign || campaignModels.has(m)));
          for (let a = 0; a < models.length; a++) for (let b = a + 1; b < models.length; b++) eligible.add(pairKey(p.id, models[a]!, models[b]!));
          if (models.length >= 2) eligiblePrompts.add(p.id);
        }
        const annotator = await makeUser("annotator", languages);
        const rng = createRandom(seed);
        const issued = new Set<string>();
        for (let k = 0; k <= eligible.size; k++) {
          const view = await issueBattle(annotator, { random: rng });
          if (!view) break;
          const battle = await db.battle.findUniqueOrThrow({ where: { id: view.id } });
          const key = pairKey(battle.promptId, battle.modelAId, battle.modelBId);
          expect(eligible.has(key)).toBe(true); // languages, visibility, campaign scope, both answered
          expect(issued.has(battle.promptId)).toBe(false); // never the same prompt twice, whatever the pair
          expect(battle.annotatorId).toBe(annotator.id);
          expect(battle.campaignId).toBe(campaign?.id ?? null);
          issued.add(battle.promptId);
          if (k % 2) await recordVote(annotator.id, { battleId: battle.id, winner: "tie" });
          else await db.battle.update({ where: { id: battle.id }, data: { skippedAt: new Date() } });
        }
        expect(issued.size).toBe(eligiblePrompts.size);
        issuedInAllRuns += issued.size;
      }),
      { numRuns: 60, seed: 20261123 },
    );
    // The generated worlds are not all empty: the rules were exercised on real battles.
    expect(issuedInAllRuns).toBeGreaterThan(15);
  });
});

describe("what a reveal teaches", () => {
  // The reveal after a vote names the model behind each answer; if the prompt came back with another pair,
  // the annotator would recognise those answers. So a prompt is issued to an annotator once, whatever the
  // pair, the outcome (vote, skip, expiry) or the campaign.
  it("never issues an annotator a prompt twice, so never an answer whose model was revealed to them; then none is left", async () => {
    const world = await buildWorld({
      models: Array.from({ length: 5 }, () => ({ hidden: false, retired: false })),
      sets: 1,
      prompts: Array.from({ length: 8 }, (_, k) => ({ set: 0, language: k % 2 ? "en" : "ar", answeredBy: [0, 1, 2, 3, 4] })),
    });
    const annotator = await makeUser();
    const rng = createRandom(20261201);
    const promptsSeen = new Set<string>();
    const revealed = new Set<string>(); // prompt:model whose model the annotator was told
    let issued = 0;
    // 8 prompts × 10 pairs: 80 prompt + pair battles exist, but only 8 may be issued.
    for (let k = 0; k < 80; k++) {
      if (k === 4) await activeCampaign({ setIds: world.sets, modelIds: world.models.map((m) => m.id) }); // a new campaign starts nothing over
      const view = await issueBattle(annotator, { random: rng });
      if (!view) break;
      issued++;
      const battle = await db.battle.findUniqueOrThrow({ where: { id: view.id } });
      expect(promptsSeen.has(battle.promptId), `prompt issued twice (battle ${k})`).toBe(false);
      for (const model of [battle.modelAId, battle.modelBId]) expect(revealed.has(`${battle.promptId}:${model}`)).toBe(false);
      promptsSeen.add(battle.promptId);
      if (k % 3 === 0) {
        await recordVote(annotator.id, { battleId: view.id, winner: "model_a" });
        revealed.add(`${battle.promptId}:${battle.modelAId}`).add(`${battle.promptId}:${battle.modelBId}`);
      } else if (k % 3 === 1) await db.battle.update({ where: { id: view.id }, data: { skippedAt: new Date() } });
      else await db.battle.update({ where: { id: view.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    }
    expect(issued).toBe(8);
    expect(await issueBattle(annotator)).toBeNull(); // the battle page's "no more battles" state
    // Another annotator still gets every prompt.
    const other = await makeUser();
    const view = await issueBattle(other);
    expect(view).not.toBeNull();
  });
});

describe("an annotator who has seen every prompt the catalogue offers", () => {
  // The catalogue is cached (lib/server/battles/scheduler-state.ts), so prompts added after it loaded are
  // found only by the fallback that reads the tables: first a sample of the annotator's unseen prompts (a walk
  // of the prompts' primary key from a random point), and only when that sample has nothing eligible, a scan
  // of the whole pool (its ORDER BY random()).
  const wholePoolScan = (trips: Trip[]) => trips.filter((t) => /ORDER BY random\(\)/.test(t.text)).length;

  async function addPrompts(setId: string, count: number, answeredBy: string[], tag: string) {
    const prompts = Array.from({ length: count }, (_, k) => ({ id: randomUUID(), promptSetId: setId, externalId: `${tag}${k}`, language: "en" as const, category: "c", text: `${tag} ${k}`, contentHash: `${tag}${k}` }));
    await db.prompt.createMany({ data: prompts });
    await db.response.createMany({ data: prompts.flatMap((p) => answeredBy.map((m) => ({ promptId: p.id, modelId: m, text: `answer of ${m.slice(0, 4)} to ${p.text}`, contentHash: `${p.id}${m}` }))) });
    return prompts.map((p) => p.id);
  }

  it("gets unseen prompts from a sample of the pool, without scanning all of it", async () => {
    const world = await buildWorld({ models: [{ hidden: false, retired: false }, { hidden: false, retired: false }], sets: 1, prompts: [{ set: 0, language: "en", answeredBy: [0, 1] }] });
    const annotator = await makeUser("annotator", ["en"]);
    const rng = createRandom(20261203);
    const first = await issueBattle(annotator, { random: rng }); // loads the catalogue: one prompt
    await recordVote(annotator.id, { battleId: first!.id, winner: "tie" });
    const added = new Set<string>(await addPrompts(world.sets[0]!, 300, world.models.map((m) => m.id), "later"));
    const seen = new Set<string>();
    for (let k = 0; k < 20; k++) {
      const { result: view, trips } = await recordTrips(() => issueBattle(annotator, { random: rng }));
      const battle = await db.battle.findUniqueOrThrow({ where: { id: view!.id } });
      expect(added.has(battle.promptId)).toBe(true);
      expect(seen.has(battle.promptId)).toBe(false);
      seen.add(battle.promptId);
      expect(wholePoolScan(trips)).toBe(0);
      await recordVote(annotator.id, { battleId: battle.id, winner: "model_a" });
    }
  });

  it("still finds the one eligible prompt when the sample's prompts have no pair to show, then says none is left", async () => {
    const world = await buildWorld({
      models: [{ hidden: false, retired: false }, { hidden: false, retired: false }, { hidden: true, retired: false }],
      sets: 1,
      prompts: [{ set: 0, language: "en", answeredBy: [0, 1] }],
    });
    const [a, b, hidden] = world.models.map((m) => m.id);
    const annotator = await makeUser("annotator", ["en"]);
    const rng = createRandom(20261204);
    const first = await issueBattle(annotator, { random: rng });
    await recordVote(annotator.id, { battleId: first!.id, winner: "tie" });
    // 200 unseen prompts with no pair of visible models, and one with: a sample of 32 usually misses it.
    await addPrompts(world.sets[0]!, 200, [a!, hidden!], "onlyhidden");
    const [eligible] = await addPrompts(world.sets[0]!, 1, [a!, b!], "eligible");
    const view = await issueBattle(annotator, { random: rng });
    expect((await db.battle.findUniqueOrThrow({ where: { id: view!.id } })).promptId).toBe(eligible);
    await recordVote(annotator.id, { battleId: view!.id, winner: "model_b" });
    const { result: none, trips } = await recordTrips(() => issueBattle(annotator, { random: rng }));
    expect(none).toBeNull();
    expect(wholePoolScan(trips)).toBe(1); // the sample had nothing, so the whole pool was read to be sure
  });
});

describe("concurrency", () => {
  it("parallel requests: one open battle per annotator, each battle belongs to its requester", async () => {
    const world = await buildWorld({
      models: Array.from({ length: 4 }, () => ({ hidden: false, retired: false })),
      sets: 1,
      prompts: Array.from({ length: 6 }, (_, k) => ({ set: 0, language: k % 2 ? "en" : "ar", answeredBy: [0, 1, 2, 3] })),
    });
    expect(world.prompts).toHaveLength(6);
    const users = await Promise.all(Array.from({ length: 8 }, () => makeUser()));
    const requests = users.flatMap((user) => Array.from({ length: 4 }, () => issueBattle(user).then((view) => ({ user, view }))));
    const results = await Promise.all(requests);
    for (const user of users) {
      const mine = results.filter((r) => r.user === user);
      expect(new Set(mine.map((r) => r.view!.id)).size).toBe(1);
    }
    const battles = await db.battle.findMany();
    expect(battles).toHaveLength(users.length);
    for (const { user, view } of results) expect(battles.find((b) => b.id === view!.id)!.annotatorId).toBe(user.id);
  });
});

describe("quality control issuance", () => {
  // Each prompt is issued to an annotator once: enough prompts for every round of the tests below.
  async function goldWorld(goldPairs: number, prompts = 40) {
    const world = await buildWorld({
      models: Array.from({ length: 4 }, () => ({ hidden: false, retired: false })),
      sets: 1,
      prompts: Array.from({ length: prompts }, (_, k) => ({ set: 0, language: k % 2 ? "en" : "ar", answeredBy: [0, 1, 2, 3] })),
    });
    const ids = world.models.map((m) => m.id).sort();
    const gold = world.prompts.slice(0, goldPairs / 2).flatMap((p) => [
      { promptId: p.id, modelLowId: ids[0]!, modelHighId: ids[1]!, betterModelId: ids[0]! },
      { promptId: p.id, modelLowId: ids[2]!, modelHighId: ids[3]!, betterModelId: ids[3]! },
    ]);
    await db.goldPair.createMany({ data: gold });
    return { world, gold: new Set(gold.map((g) => pairKey(g.promptId, g.modelLowId, g.modelHighId))) };
  }

  it("mixes gold battles in at the campaign's goldRate (500 issues, seeded)", async () => {
    const { world, gold } = await goldWorld(80, 160);
    const campaign = await activeCampaign({ setIds: world.sets, modelIds: world.models.map((m) => m.id), goldRate: 0.2 });
    const rng = createRandom(20261123);
    const users = await Promise.all(Array.from({ length: 10 }, () => makeUser()));
    let goldCount = 0;
    for (let round = 0; round < 50; round++) {
      for (const user of users) {
        const view = await issueBattle(user, { random: rng });
        // The annotator sees the same shape either way: nothing says "gold" or names a model. (The campaign
        // part, its guidelines and reason flags, is the same for every battle of the campaign.)
        expect(Object.keys(view!).sort()).toEqual(["campaign", "expiresAt", "flags", "id", "issuedAt", "prompt", "responseA", "responseB"]);
        expect(Object.keys(view!.campaign!).sort()).toEqual(["guidelines", "guidelinesAcknowledged", "id", "name"]);
        const battle = await db.battle.findUniqueOrThrow({ where: { id: view!.id } });
        expect(battle.isGold).toBe(gold.has(pairKey(battle.promptId, battle.pairLowId, battle.pairHighId)));
        if (battle.isGold) goldCount++;
        await recordVote(user.id, { battleId: battle.id, winner: "model_a" });
        const vote = await db.vote.findUniqueOrThrow({ where: { battleId: battle.id } });
        expect(vote.isGold).toBe(battle.isGold);
        expect(vote.campaignId).toBe(campaign.id);
      }
    }
    // Binomial(500, 0.2): mean 100, sd 8.94; the 99.9% band is ±3.29 sd = [71, 129].
    expect(goldCount).toBeGreaterThanOrEqual(71);
    expect(goldCount).toBeLessThanOrEqual(129);
    // Left/right stays random for gold battles too.
    const goldBattles = await db.battle.findMany({ where: { isGold: true } });
    const lowLeft = goldBattles.filter((b) => b.modelAId === b.pairLowId).length;
    expect(lowLeft).toBeGreaterThan(goldBattles.length * 0.25);
    expect(lowLeft).toBeLessThan(goldBattles.length * 0.75);
  }, 240_000); // 500 issues and votes: on a loaded machine this takes longer than the default 60 s

  it("issues no gold battles without an active campaign", async () => {
    await goldWorld(80);
    const user = await makeUser();
    for (let k = 0; k < 30; k++) {
      const view = await issueBattle(user);
      expect((await db.battle.findUniqueOrThrow({ where: { id: view!.id } })).isGold).toBe(false);
      await recordVote(user.id, { battleId: view!.id, winner: "tie" });
    }
  });

  it("re-issues other annotators' voted battles at the overlapRate, pointing at the original", async () => {
    const { world } = await goldWorld(0);
    const campaign = await activeCampaign({ setIds: world.sets, modelIds: world.models.map((m) => m.id), overlapRate: 0.5 });
    const first = await makeUser();
    for (let k = 0; k < 40; k++) {
      const view = await issueBattle(first, { random: createRandom(k) });
      await recordVote(first.id, { battleId: view!.id, winner: "model_b" });
    }
    const second = await makeUser();
    const rng = createRandom(99);
    let overlaps = 0;
    for (let k = 0; k < 40; k++) {
      const view = await issueBattle(second, { random: rng });
      const battle = await db.battle.findUniqueOrThrow({ where: { id: view!.id } });
      if (battle.overlapOfId) {
        overlaps++;
        const original = await db.battle.findUniqueOrThrow({ where: { id: battle.overlapOfId }, include: { vote: true } });
        expect(original.annotatorId).toBe(first.id);
        expect(original.vote).not.toBeNull();
        expect([original.promptId, original.pairLowId, original.pairHighId]).toEqual([battle.promptId, battle.pairLowId, battle.pairHighId]);
        expect(battle.campaignId).toBe(campaign.id);
      }
      await recordVote(second.id, { battleId: battle.id, winner: "model_a" });
    }
    // Binomial(40, 0.5) (while the first annotator's 40 battles last): 99.9% band ≈ [9, 31].
    expect(overlaps).toBeGreaterThanOrEqual(9);
    expect(overlaps).toBeLessThanOrEqual(31);
  });
});

describe("fast-vote flag", () => {
  async function oneBattle(): Promise<{ user: CurrentUser; battleId: string }> {
    await buildWorld({ models: [{ hidden: false, retired: false }, { hidden: false, retired: false }], sets: 1, prompts: [{ set: 0, language: "en", answeredBy: [0, 1] }, { set: 0, language: "ar", answeredBy: [0, 1] }] });
    const user = await makeUser();
    const view = await issueBattle(user);
    return { user, battleId: view!.id };
  }

  it("flags a vote faster than the minimum reading time", async () => {
    const { user, battleId } = await oneBattle();
    await recordVote(user.id, { battleId, winner: "model_a" });
    expect((await db.vote.findUniqueOrThrow({ where: { battleId } })).flaggedFast).toBe(true);
  });

  it("does not flag a slow vote, but trusts a shorter on-screen time reported by the client", async () => {
    const { user, battleId } = await oneBattle();
    await db.battle.update({ where: { id: battleId }, data: { issuedAt: new Date(Date.now() - 60_000) } });
    await recordVote(user.id, { battleId, winner: "model_a", timeTakenMs: 40_000 });
    expect((await db.vote.findUniqueOrThrow({ where: { battleId } })).flaggedFast).toBe(false);

    const next = await issueBattle(user);
    await db.battle.update({ where: { id: next!.id }, data: { issuedAt: new Date(Date.now() - 60_000) } });
    await recordVote(user.id, { battleId: next!.id, winner: "tie", timeTakenMs: 800 });
    expect((await db.vote.findUniqueOrThrow({ where: { battleId: next!.id } })).flaggedFast).toBe(true);
  });
});

describe("expired battles", () => {
  it("stay seen for their annotator but do not block the pair for anyone else", async () => {
    await buildWorld({ models: [{ hidden: false, retired: false }, { hidden: false, retired: false }], sets: 1, prompts: [{ set: 0, language: "en", answeredBy: [0, 1] }] });
    const first = await makeUser();
    const view = await issueBattle(first);
    await db.battle.update({ where: { id: view!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await issueBattle(first)).toBeNull();
    const second = await makeUser();
    expect(await issueBattle(second)).not.toBeNull();
  });
});

describe("prompt prioritisation", () => {
  it("issues first the prompt whose upload priority ranks highest in its set", async () => {
    const world = await buildWorld({
      models: [{ hidden: false, retired: false }, { hidden: false, retired: false }],
      sets: 1,
      prompts: [{ set: 0, language: "en", answeredBy: [0, 1] }, { set: 0, language: "en", answeredBy: [0, 1] }],
    });
    const [preferred, other] = world.prompts;
    await db.prompt.update({ where: { id: preferred!.id }, data: { priority: 42 } });
    await db.prompt.update({ where: { id: other!.id }, data: { priority: -3 } });
    clearSchedulerCache();
    const rng = createRandom(8);
    let preferredFirst = 0;
    for (let k = 0; k < 20; k++) {
      const view = await issueBattle(await makeUser(), { random: rng });
      if ((await db.battle.findUniqueOrThrow({ where: { id: view!.id } })).promptId === preferred!.id) preferredFirst++;
    }
    // Rank-normalised priorities 1 and 0 → preference 1 vs 0.0025: the other prompt first ≈ 0.25% of the time.
    expect(preferredFirst).toBeGreaterThanOrEqual(18);
  });
});
