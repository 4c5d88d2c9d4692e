import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { modelIdsByKey } from "./admin-helpers";

vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());

const { signInAs } = await import("./security-session");

const { db } = await import("@/lib/db");
const { getLeaderboard } = await import("@/lib/server/research/get-leaderboard");
const { leaderboardFiltersSchema } = await import("@/lib/validation/leaderboard-filters");
const { getAnnotatorQuality } = await import("@/lib/server/quality/get-annotator-quality");
const { listSharedItems } = await import("@/lib/server/quality/list-shared-items");
const { createGoldPair } = await import("@/lib/server/quality/create-gold-pair");
const { listGoldPairs } = await import("@/lib/server/quality/list-gold-pairs");
const { getAnnotatorProgress, clearCampaignProgressCache, startOfDayIn } = await import("@/lib/server/quality/get-annotator-progress");
const { progressQuerySchema } = await import("@/lib/validation/quality");
const { cohensKappa } = await import("@/lib/quality/agreement");
const { setAnnotatorExcludedAction } = await import("@/lib/actions/annotators");
const { createGoldPairAction, deleteGoldPairAction } = await import("@/lib/actions/gold");
const { importMiniSet, makeUser, resetData } = await import("../helpers/fixtures");

type Winner = "model_a" | "model_b" | "tie" | "tie_bothbad";

// A vote row as the scheduler and record-vote would write it; the quality columns are set directly
// (the scheduler that sets them in production is written elsewhere).
async function vote(
  annotatorId: string,
  promptId: string,
  modelAId: string,
  modelBId: string,
  winner: Winner,
  options: { gold?: boolean; fast?: boolean; timeTakenMs?: number; createdAt?: Date } = {},
) {
  const prompt = await db.prompt.findUniqueOrThrow({ where: { id: promptId }, select: { language: true } });
  const [low, high] = [modelAId, modelBId].sort() as [string, string];
  const battle = await db.battle.create({
    data: { annotatorId, promptId, modelAId, modelBId, pairLowId: low, pairHighId: high, expiresAt: new Date(Date.now() + 60_000), isGold: options.gold ?? false },
  });
  await db.vote.create({
    data: {
      battleId: battle.id, annotatorId, promptId, modelAId, modelBId, language: prompt.language, winner,
      timeTakenMs: options.timeTakenMs ?? 10_000, flaggedFast: options.fast ?? false, isGold: options.gold ?? false,
      ...(options.createdAt ? { createdAt: options.createdAt } : {}),
    },
  });
}

async function fixture() {
  await importMiniSet();
  const ids = await modelIdsByKey();
  const prompts = await db.prompt.findMany({ orderBy: { externalId: "asc" }, select: { id: true, externalId: true } });
  const prompt = Object.fromEntries(prompts.map((p) => [p.externalId, p.id])) as Record<string, string>;
  return { alpha: ids.alpha!, beta: ids.beta!, gamma: ids.gamma!, prompt };
}

const defaults = leaderboardFiltersSchema.parse({});

describe("excluding an annotator", () => {
  beforeEach(resetData);

  it("drops their votes from the leaderboard at once, keeps every row, and restores them when included again", async () => {
    const { alpha, beta, gamma, prompt } = await fixture();
    const careful = await makeUser("annotator");
    const careless = await makeUser("annotator");
    const researcher = await makeUser("researcher");
    const ids = Object.values(prompt);
    for (const p of ids) {
      await vote(careful.id, p, alpha, beta, "model_a");
      await vote(careful.id, p, beta, gamma, "model_a");
      await vote(careless.id, p, gamma, alpha, "model_a");
    }
    const carelessVotes = ids.length;
    const before = await getLeaderboard(defaults);
    const rows = await db.vote.count();
    expect(before.votes).toBe(rows);

    await signInAs(researcher.id);
    expect(await setAnnotatorExcludedAction({ userId: careless.id, excluded: true })).toMatchObject({ ok: true });
    const excluded = await getLeaderboard(defaults);
    expect(excluded.votes).toBe(before.votes - carelessVotes);
    expect(await db.vote.count()).toBe(rows);
    // The "include excluded" filter still sees them: the votes are kept, only the ranking leaves them out.
    expect((await getLeaderboard(leaderboardFiltersSchema.parse({ excluded: "include" }))).votes).toBe(rows);
    expect(await db.auditLog.findFirst({ where: { action: "annotator.excluded" } })).toMatchObject({ actorId: researcher.id, target: `user:${careless.email}`, details: { votes: carelessVotes } });

    // Repeating the same click changes nothing and writes no second entry.
    expect(await setAnnotatorExcludedAction({ userId: careless.id, excluded: true })).toMatchObject({ ok: true });
    expect(await db.auditLog.count({ where: { action: "annotator.excluded" } })).toBe(1);

    const report = await getAnnotatorQuality();
    expect(report.excluded).toBe(1);
    expect(report.annotators.find((a) => a.id === careless.id)).toMatchObject({ excluded: true, votes: carelessVotes });

    expect(await setAnnotatorExcludedAction({ userId: careless.id, excluded: false })).toMatchObject({ ok: true });
    expect((await getLeaderboard(defaults)).votes).toBe(before.votes);
    expect(await db.auditLog.count({ where: { action: "annotator.included" } })).toBe(1);
  });

  it("answers an unknown annotator with not_found and an invalid id with invalid_input", async () => {
    await signInAs((await makeUser("researcher")).id);
    expect(await setAnnotatorExcludedAction({ userId: "00000000-0000-4000-8000-000000000000", excluded: true })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await setAnnotatorExcludedAction({ userId: "nope", excluded: "yes" })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });
});

describe("annotator statistics", () => {
  beforeEach(resetData);

  it("computes votes, tie rate, median time, fast share and gold accuracy from known rows", async () => {
    const { alpha, beta, gamma, prompt } = await fixture();
    const admin = await makeUser("admin");
    const a = await makeUser("annotator");
    const b = await makeUser("annotator");
    // Gold: alpha beats gamma on m-en-1 (alpha said 56, gamma 54).
    await createGoldPair(admin.id, { promptId: prompt["m-en-1"]!, betterModelId: alpha, worseModelId: gamma });
    await createGoldPair(admin.id, { promptId: prompt["m-ar-1"]!, betterModelId: beta, worseModelId: alpha });

    // a: 2 gold votes, one right (alpha on side B), one wrong (a tie on the second gold pair).
    await vote(a.id, prompt["m-en-1"]!, gamma, alpha, "model_b", { gold: true, timeTakenMs: 4_000 });
    await vote(a.id, prompt["m-ar-1"]!, alpha, beta, "tie", { gold: true, timeTakenMs: 6_000 });
    await vote(a.id, prompt["m-en-2"]!, alpha, beta, "tie_bothbad", { fast: true, timeTakenMs: 1_000 });
    await vote(a.id, prompt["m-ar-2"]!, alpha, beta, "model_a", { timeTakenMs: 20_000 });
    // b: votes on the gold prompt + pair in a battle that was not issued as gold do not count.
    await vote(b.id, prompt["m-en-1"]!, alpha, gamma, "model_b");

    const report = await getAnnotatorQuality();
    expect(report.total).toBe(2);
    const first = report.annotators[0]!;
    expect(first).toMatchObject({ id: a.id, email: a.email, votes: 4, goldVotes: 2, goldCorrect: 1, goldAccuracy: 0.5, fastVotes: 1, fastShare: 0.25, tieRate: 0.5, medianMs: 5_000 });
    expect(first.judgeId).toMatch(/^judge_[0-9a-f]{12}$/);
    expect(report.annotators[1]).toMatchObject({ id: b.id, votes: 1, goldVotes: 0, goldAccuracy: null });

    const gold = await listGoldPairs();
    expect(gold.total).toBe(2);
    const en1 = gold.pairs.find((p) => p.prompt.externalId === "m-en-1")!;
    expect(en1).toMatchObject({ better: { key: "alpha" }, worse: { key: "gamma" }, goldVotes: 1, goldCorrect: 1 });
  });

  it("shows each annotator's skips and skip rate, including someone who only skips", async () => {
    const { alpha, beta, gamma, prompt } = await fixture();
    const voter = await makeUser("annotator");
    const skipper = await makeUser("annotator");
    const skip = async (annotatorId: string, promptId: string) => {
      const [low, high] = [alpha, beta].sort() as [string, string];
      await db.battle.create({ data: { annotatorId, promptId, modelAId: alpha, modelBId: beta, pairLowId: low, pairHighId: high, expiresAt: new Date(Date.now() + 60_000), skippedAt: new Date() } });
    };
    await vote(voter.id, prompt["m-en-1"]!, alpha, gamma, "model_a");
    await vote(voter.id, prompt["m-en-2"]!, alpha, gamma, "model_b");
    await vote(voter.id, prompt["m-ar-1"]!, alpha, gamma, "tie");
    await skip(voter.id, prompt["m-ar-2"]!);
    // The report is cached by data version: a skip alone must refresh it.
    expect((await getAnnotatorQuality()).annotators.find((a) => a.id === skipper.id)).toBeUndefined();
    await skip(skipper.id, prompt["m-en-1"]!);
    await skip(skipper.id, prompt["m-ar-1"]!);

    const report = await getAnnotatorQuality();
    expect(report.total).toBe(2);
    expect(report.annotators.find((a) => a.id === voter.id)).toMatchObject({ votes: 3, skips: 1, skipRate: 0.25 });
    expect(report.annotators.find((a) => a.id === skipper.id)).toMatchObject({ votes: 0, skips: 2, skipRate: 1, tieRate: 0, fastShare: 0 });
  });

  it("flags low gold accuracy (≥ 5 gold votes) and fast voting (≥ 10 votes)", async () => {
    const { alpha, beta, gamma, prompt } = await fixture();
    const admin = await makeUser("admin");
    const ids = Object.values(prompt);
    for (const p of ids) await createGoldPair(admin.id, { promptId: p, betterModelId: alpha, worseModelId: beta });
    const guesser = await makeUser("annotator");
    const hasty = await makeUser("annotator");
    // 4 gold votes all wrong: not enough to flag yet.
    for (const p of ids) await vote(guesser.id, p, alpha, beta, "model_b", { gold: true });
    expect((await getAnnotatorQuality()).annotators.find((x) => x.id === guesser.id)!.flags).toEqual([]);
    // A fifth gold pair and vote: 0 of 5 right.
    await createGoldPair(admin.id, { promptId: ids[0]!, betterModelId: gamma, worseModelId: beta });
    await vote(guesser.id, ids[0]!, beta, gamma, "model_a", { gold: true });
    // 12 votes, 4 of them fast (a third).
    const pairs: [string, string][] = [[alpha, beta], [beta, gamma], [alpha, gamma]];
    let n = 0;
    for (const p of ids) for (const [x, y] of pairs) await vote(hasty.id, p, x, y, "model_a", { fast: n++ % 3 === 0 });
    const report = await getAnnotatorQuality();
    expect(report.annotators.find((x) => x.id === guesser.id)!.flags).toEqual(["gold"]);
    expect(report.annotators.find((x) => x.id === hasty.id)).toMatchObject({ votes: 12, fastVotes: 4, flags: ["fast"] });
    expect(report.flagged).toBe(2);
  });

  it("reads agreement from shared items only, orienting each vote to the pair whatever side it was shown on", async () => {
    const { alpha, beta, gamma, prompt } = await fixture();
    const [x, y, z] = [await makeUser("annotator"), await makeUser("annotator"), await makeUser("annotator")];
    // m-en-1 alpha–beta: x and y agree (alpha), y saw the pair swapped.
    await vote(x.id, prompt["m-en-1"]!, alpha, beta, "model_a");
    await vote(y.id, prompt["m-en-1"]!, beta, alpha, "model_b");
    // m-en-2 beta–gamma: x says gamma, z says beta (disagree); y says tie.
    await vote(x.id, prompt["m-en-2"]!, beta, gamma, "model_b");
    await vote(z.id, prompt["m-en-2"]!, gamma, beta, "model_b");
    await vote(y.id, prompt["m-en-2"]!, beta, gamma, "tie_bothbad");
    // m-ar-1 alpha–gamma: x and z both "tie".
    await vote(x.id, prompt["m-ar-1"]!, alpha, gamma, "tie");
    await vote(z.id, prompt["m-ar-1"]!, gamma, alpha, "tie_bothbad");
    // Single-annotator items: not shared, not returned.
    await vote(x.id, prompt["m-ar-2"]!, alpha, beta, "model_a");
    await vote(y.id, prompt["m-ar-2"]!, beta, gamma, "model_a");

    const shared = await listSharedItems();
    expect(shared).toHaveLength(3);
    expect(shared.map((s) => s.votes.length).sort()).toEqual([2, 2, 3]);
    const firstItem = shared.find((s) => s.votes.length === 2 && s.votes.some((v) => v.annotatorId === y.id))!;
    expect(new Set(firstItem.votes.map((v) => v.label)).size).toBe(1);

    const report = await getAnnotatorQuality();
    const agreementOf = (id: string) => report.annotators.find((a) => a.id === id)!.agreement!;
    // x's pairs: agree with y (m-en-1), disagree with z and y (m-en-2), agree with z (m-ar-1).
    expect(agreementOf(x.id)).toMatchObject({ items: 3, n: 4, po: 0.5 });
    expect(report.sharedItems).toBe(3);
    // Krippendorff's α (nominal) by hand: values low/high/tie, 7 of them in 3 units. Coincidences: the
    // two agreeing pairs are off-diagonal-free; m-en-2's three distinct labels give 6 ordered pairs of
    // weight 1/(3−1). D_o = 3/7; n = (3, 1, 3) in some order of low/high, tie = 3, so
    // D_e = 2(3·1 + 3·3 + 1·3)/(7·6) = 5/7, α = 1 − D_o/D_e = 0.4.
    expect(report.alpha.alpha).toBeCloseTo(0.4, 10);
    expect(report.alpha.units).toBe(3);
    // Agreement is symmetric in count: every pair is seen from both sides.
    const totalPairs = [x, y, z].reduce((sum, u) => sum + agreementOf(u.id).n, 0);
    expect(totalPairs).toBe(2 * (1 + 3 + 1));
    // x's table by hand: rows x's label, columns the other's; "low" when the lower id won.
    const index = { low: 0, high: 1, tie: 2 } as const;
    const won = (winner: string, loser: string) => (winner < loser ? "low" : "high");
    const table = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    const pairsOfX: [keyof typeof index, keyof typeof index][] = [
      [won(alpha, beta), won(alpha, beta)],
      [won(gamma, beta), won(beta, gamma)],
      [won(gamma, beta), "tie"],
      ["tie", "tie"],
    ];
    for (const [self, other] of pairsOfX) table[index[self]]![index[other]]!++;
    expect(agreementOf(x.id).kappa).toBeCloseTo(cohensKappa(table).kappa!, 10);
  });
});

describe("gold pairs", () => {
  beforeEach(resetData);

  it("validates the pair, refuses duplicates in either order, audits create and delete", async () => {
    const { alpha, beta, prompt } = await fixture();
    const other = await db.aiModel.create({ data: { key: "delta", displayName: "Delta" } });
    await signInAs((await makeUser("admin")).id);
    const promptId = prompt["m-en-1"]!;

    expect(await createGoldPairAction({ promptId, betterModelId: alpha, worseModelId: alpha })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await createGoldPairAction({ promptId, betterModelId: alpha, worseModelId: other.id })).toMatchObject({ ok: false, error: { code: "model_not_answered" } });
    expect(await createGoldPairAction({ promptId: "00000000-0000-4000-8000-000000000000", betterModelId: alpha, worseModelId: beta })).toMatchObject({ ok: false, error: { code: "not_found" } });

    const created = await createGoldPairAction({ promptId, betterModelId: beta, worseModelId: alpha });
    expect(created).toMatchObject({ ok: true });
    const row = await db.goldPair.findFirstOrThrow();
    expect(row).toMatchObject({ promptId, betterModelId: beta, modelLowId: [alpha, beta].sort()[0], modelHighId: [alpha, beta].sort()[1] });
    expect(await createGoldPairAction({ promptId, betterModelId: alpha, worseModelId: beta })).toMatchObject({ ok: false, error: { code: "gold_pair_exists" } });
    expect(await db.goldPair.count()).toBe(1);
    expect(await db.auditLog.findFirst({ where: { action: "goldPair.created" } })).toMatchObject({ details: { better: "beta", worse: "alpha" } });

    expect(await deleteGoldPairAction({ goldPairId: row.id })).toMatchObject({ ok: true });
    expect(await db.goldPair.count()).toBe(0);
    expect(await db.auditLog.findFirst({ where: { action: "goldPair.deleted" } })).toMatchObject({ target: expect.stringContaining("/m-en-1") });
    expect(await deleteGoldPairAction({ goldPairId: row.id })).toMatchObject({ ok: false, error: { code: "not_found" } });
  });
});

describe("quality actions: access", () => {
  beforeEach(resetData);

  const table = [
    { name: "setAnnotatorExcludedAction", allowed: ["researcher", "admin"], run: (ids: Ids) => setAnnotatorExcludedAction({ userId: ids.target, excluded: true }) },
    { name: "createGoldPairAction", allowed: ["admin"], run: (ids: Ids) => createGoldPairAction({ promptId: ids.prompt, betterModelId: ids.alpha, worseModelId: ids.beta }) },
    { name: "deleteGoldPairAction", allowed: ["admin"], run: (ids: Ids) => deleteGoldPairAction({ goldPairId: ids.goldPair }) },
  ] as const;
  type Ids = { target: string; prompt: string; alpha: string; beta: string; goldPair: string };

  it.each(table)("$name: anonymous → unauthorized; roles outside $allowed → forbidden, nothing changed", async ({ allowed, run }) => {
    const { alpha, beta, gamma, prompt } = await fixture();
    const admin = await makeUser("admin");
    const target = await makeUser("annotator");
    const gold = await createGoldPair(admin.id, { promptId: prompt["m-ar-1"]!, betterModelId: alpha, worseModelId: gamma });
    await db.auditLog.deleteMany();
    const ids: Ids = { target: target.id, prompt: prompt["m-en-1"]!, alpha, beta, goldPair: gold.id };

    await signInAs(null);
    expect(await run(ids)).toMatchObject({ ok: false, error: { code: "unauthorized" } });
    for (const role of ["annotator", "researcher", "admin"] as const) {
      if ((allowed as readonly string[]).includes(role)) continue;
      await signInAs((await makeUser(role)).id);
      expect(await run(ids)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    expect(await db.auditLog.count()).toBe(0);
    expect(await db.goldPair.count()).toBe(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).excludedFromRankings).toBe(false);

    // And the first allowed role succeeds, so the refusals above were about the role.
    await signInAs((await makeUser(allowed[0])).id);
    expect(await run(ids)).toMatchObject({ ok: true });
  });
});

describe("annotator progress", () => {
  beforeEach(async () => {
    await resetData();
    clearCampaignProgressCache();
  });
  afterAll(() => db.campaign.deleteMany());

  it("counts today's votes in the annotator's time zone, all votes, and live campaigns' progress", async () => {
    const { alpha, beta, gamma, prompt } = await fixture();
    const annotator = await makeUser("annotator");
    const otherAnnotator = await makeUser("annotator");
    const yesterday = new Date(Date.now() - 36 * 3600_000);
    await vote(annotator.id, prompt["m-en-1"]!, alpha, beta, "model_a", { createdAt: yesterday });
    await vote(annotator.id, prompt["m-en-2"]!, alpha, beta, "model_a");
    await vote(annotator.id, prompt["m-ar-1"]!, beta, gamma, "tie");
    await vote(otherAnnotator.id, prompt["m-ar-1"]!, alpha, beta, "tie");

    expect(await getAnnotatorProgress(annotator.id)).toEqual({ today: 2, total: 3, campaigns: [] });
    expect(await getAnnotatorProgress(annotator.id, "Asia/Riyadh")).toMatchObject({ total: 3 });

    const set = await db.promptSet.findFirstOrThrow();
    const campaign = await db.campaign.create({
      data: { name: "Live", active: true, targetVotes: 4, promptSets: { create: [{ promptSetId: set.id }] }, models: { create: [{ modelId: alpha }, { modelId: beta }] } },
    });
    clearCampaignProgressCache();
    const progress = await getAnnotatorProgress(annotator.id);
    // alpha–beta votes: 3 (every annotator's count), each model 3 of 4.
    expect(progress.campaigns).toEqual([{ id: campaign.id, name: "Live", share: 0.75, totalVotes: 3, targetVotes: 4, models: 2 }]);
  });

  // Issue 12 item 10: browsers accept zone names Postgres does not know ("US/Pacific-New": 503).
  it("counts today in a zone the browser accepts and Postgres does not", async () => {
    const { alpha, beta, prompt } = await fixture();
    const annotator = await makeUser("annotator");
    const zone = progressQuerySchema.parse({ tz: "US/Pacific-New" }).tz;
    const dayStart = startOfDayIn(zone).getTime();
    await vote(annotator.id, prompt["m-en-1"]!, alpha, beta, "model_a", { createdAt: new Date(dayStart - 1000) });
    await vote(annotator.id, prompt["m-en-2"]!, alpha, beta, "model_a", { createdAt: new Date(dayStart) });
    expect(await getAnnotatorProgress(annotator.id, zone)).toMatchObject({ today: 1, total: 2 });
  });

  it("finds the start of the day in a time zone, across offsets and daylight-saving changes", () => {
    const start = (zone: string, now: string) => startOfDayIn(zone, Date.parse(now)).toISOString();
    expect(start("UTC", "2026-07-15T06:30:00Z")).toBe("2026-07-15T00:00:00.000Z");
    expect(start("US/Pacific-New", "2026-07-15T06:30:00Z")).toBe("2026-07-14T07:00:00.000Z");
    expect(start("America/Los_Angeles", "2026-01-15T12:00:00Z")).toBe("2026-01-15T08:00:00.000Z");
    // Clocks went forward at 02:00 that morning: the day began at UTC−8, it is now UTC−7.
    expect(start("America/Los_Angeles", "2026-03-08T20:00:00Z")).toBe("2026-03-08T08:00:00.000Z");
    expect(start("Asia/Riyadh", "2026-03-01T22:00:00Z")).toBe("2026-03-01T21:00:00.000Z");
    expect(start("Asia/Kathmandu", "2026-03-01T18:14:00Z")).toBe("2026-02-28T18:15:00.000Z");
  });
});
