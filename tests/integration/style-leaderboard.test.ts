// The leaderboard's style-controlled ratings and coefficients (issue 15), and the clean_battle export's
// conv_metadata, from votes on imported responses with stored style features.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createRandom } from "@/lib/ratings";
import { streamVotes, toCleanBattle } from "@/lib/server/exports/stream-votes";
import { importPromptFile } from "@/lib/server/import/import-prompt-file";
import { clearLeaderboardCache, getLeaderboard } from "@/lib/server/research/get-leaderboard";
import { toLeaderboardPayload } from "@/lib/server/research/leaderboard-payload";
import { parseLeaderboardFilters } from "@/lib/validation/leaderboard-filters";
import { makeUser, resetData } from "../helpers/fixtures";

// The API routes run in-process with a researcher's session.
vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());
type Route = { GET: (request: Request) => Promise<Response> };
const route = async (file: string) => (await import(/* @vite-ignore */ path.join(import.meta.dirname, "..", "..", "app", file))) as Route;
const get = (url: string) => new Request(`http://127.0.0.1${url}`);

const filters = () => parseLeaderboardFilters({ cluster: "vote", style: "on" }).data!;
const answers = (k: number) => ({
  verbose: `# Answer ${k}\n\n${"- **point** with detail\n".repeat(3 + (k % 4))}${"More words here. ".repeat(20 + (k % 7))}`,
  terse: `Answer ${k}.${" Short.".repeat(k % 5)}`,
  medium: `Answer ${k}: ${"a few words ".repeat(8 + (k % 6))}`,
});

beforeAll(async () => {
  await resetData();
  const lines = Array.from({ length: 60 }, (_, k) => JSON.stringify({ id: `st${k}`, language: "en", category: "c", tags: [], prompt: `Question ${k}`, responses: answers(k) }));
  await importPromptFile({ body: Buffer.from(lines.join("\n")), fileName: "style.jsonl", setName: "style" });
  const user = await makeUser("annotator");
  const models = await db.aiModel.findMany({ select: { id: true, key: true } });
  const prompts = await db.prompt.findMany({ select: { id: true } });
  const rng = createRandom(3);
  const battles = [];
  const votes = [];
  for (const prompt of prompts) {
    for (let x = 0; x < models.length; x++) {
      for (let y = x + 1; y < models.length; y++) {
        const [a, b] = rng.nextDouble() < 0.5 ? [models[x]!, models[y]!] : [models[y]!, models[x]!];
        const [low, high] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
        // Length sways the votes: the verbose model wins 75% of its battles, the others split evenly.
        const pA = a.key === "verbose" ? 0.75 : b.key === "verbose" ? 0.25 : 0.5;
        const u = rng.nextDouble();
        const winner = u < 0.1 ? "tie" : rng.nextDouble() < pA ? "model_a" : "model_b";
        const battleId = randomUUID();
        battles.push({ id: battleId, annotatorId: user.id, promptId: prompt.id, modelAId: a.id, modelBId: b.id, pairLowId: low, pairHighId: high, expiresAt: new Date() });
        votes.push({ battleId, annotatorId: user.id, promptId: prompt.id, modelAId: a.id, modelBId: b.id, language: "en" as const, winner: winner as "tie" | "model_a" | "model_b", timeTakenMs: 10_000 });
      }
    }
  }
  await db.$transaction([db.battle.createMany({ data: battles }), db.vote.createMany({ data: votes })]);
});

describe("style control on the leaderboard", () => {
  it("is computed only when asked (style=on): the live leaderboard does not pay for its bootstrap by default", async () => {
    clearLeaderboardCache();
    const plain = toLeaderboardPayload(await getLeaderboard(parseLeaderboardFilters({ cluster: "vote" }).data!), null);
    expect(plain.styleControl).toBeNull();
    expect(plain.entries.length).toBeGreaterThan(0);
    for (const entry of plain.entries) expect(entry.style).toBeNull();
  });

  it("gives every model a style-controlled rating, interval and rank beside the raw ones, and the coefficients", async () => {
    clearLeaderboardCache();
    const payload = toLeaderboardPayload(await getLeaderboard(filters()), null);
    expect(payload.styleControl).toMatchObject({ votes: 180, withoutFeatures: 0, rounds: 1000 });
    expect(payload.styleControl!.coefficients.map((c) => c.feature)).toEqual(["length", "headers", "lists", "bold"]);
    for (const c of payload.styleControl!.coefficients) expect(c.low!).toBeLessThanOrEqual(c.high!);
    for (const entry of payload.entries) {
      expect(entry.style).not.toBeNull();
      expect(entry.style!.ciLow).toBeLessThanOrEqual(entry.style!.rating);
      expect(entry.style!.rating).toBeLessThanOrEqual(entry.style!.ciHigh);
      expect(entry.style!.rankBest).toBeLessThanOrEqual(entry.style!.rankWorst);
    }
    // (Whether control recovers the true order is tested on simulated votes in lib/ratings/style-control.test.ts:
    // here each model's style is nearly constant, so style and strength are confounded by design.)
  });

  it("resamples what the raw intervals resample: votes, prompts with cluster=prompt (widened); one annotator leaves them unbounded", async () => {
    clearLeaderboardCache();
    const byVote = toLeaderboardPayload(await getLeaderboard(filters()), null);
    expect(byVote.styleControl!.interval).toMatchObject({ cluster: "vote", clusters: null, widen: 1 });
    const byPrompt = toLeaderboardPayload(await getLeaderboard(parseLeaderboardFilters({ cluster: "prompt", style: "on" }).data!), null);
    expect(byPrompt.styleControl!.interval).toMatchObject({ cluster: "prompt", clusters: 60 });
    expect(byPrompt.styleControl!.interval.widen!).toBeGreaterThan(1);
    // (That the point fit does not depend on what is resampled is tested in lib/ratings/style-cluster.test.ts: here
    // lists and bold are confounded with the models by design, so their split is not identified.)
    const byAnnotator = toLeaderboardPayload(await getLeaderboard(parseLeaderboardFilters({ cluster: "annotator", style: "on" }).data!), null);
    expect(byAnnotator.styleControl!.interval).toMatchObject({ cluster: "annotator", clusters: 1, widen: null });
    for (const entry of byAnnotator.entries) expect(Number.isFinite(entry.style!.ciLow)).toBe(false);
  });

  it("leaves votes whose responses have no features out of the style fit, and counts them", async () => {
    await db.$executeRaw`UPDATE responses SET style_tokens = NULL WHERE model_id = (SELECT id FROM models WHERE key = 'terse')`;
    try {
      clearLeaderboardCache();
      const payload = toLeaderboardPayload(await getLeaderboard(filters()), null);
      expect(payload.votes).toBe(180);
      expect(payload.styleControl).toMatchObject({ votes: 60, withoutFeatures: 120 });
      expect(payload.entries.find((e) => e.model === "terse")!.style).toBeNull();
    } finally {
      const { backfillStyleFeatures } = await import("@/lib/server/import/style-features");
      await backfillStyleFeatures(db);
      clearLeaderboardCache();
    }
  });

  it("writes FastChat's conv_metadata in the clean_battle export", async () => {
    const stored = new Map((await db.response.findMany({ include: { model: true, prompt: true } })).map((r) => [`${r.prompt.externalId}/${r.model.key}`, r]));
    let seen = 0;
    for await (const vote of streamVotes(filters())) {
      const record = toCleanBattle(vote);
      const a = stored.get(`${vote.promptExternalId}/${vote.modelA}`)!;
      const b = stored.get(`${vote.promptExternalId}/${vote.modelB}`)!;
      expect(record.conv_metadata).toEqual({
        sum_assistant_a_tokens: a.styleTokens,
        sum_assistant_b_tokens: b.styleTokens,
        header_count_a: a.styleHeaders,
        header_count_b: b.styleHeaders,
        list_count_a: a.styleLists,
        list_count_b: b.styleLists,
        bold_count_a: a.styleBold,
        bold_count_b: b.styleBold,
      });
      seen++;
    }
    expect(seen).toBe(180);
  });

  // Outside eyes: on a 3-vote filter the style fit put every model at one rating with zero-width intervals and
  // coefficients of thousands of points. Below 10 votes per estimated quantity it is not fitted, and says so.
  it("gives a feature that never varies as not estimated (null estimates, as the CLI does), not as a measured 0", async () => {
    clearLeaderboardCache();
    const result = await getLeaderboard(filters());
    // The fit reports a constant feature as varies false with 0 estimates; the API must not pass those 0s on.
    const coefficients = result.style!.coefficients.map((c) => (c.feature === "headers" ? { ...c, points: 0, low: 0, high: 0, varies: false } : c));
    const payload = toLeaderboardPayload({ ...result, style: { ...result.style!, coefficients } }, null);
    expect(payload.styleControl!.coefficients.find((c) => c.feature === "headers")).toEqual({ feature: "headers", points: null, low: null, high: null, varies: false });
    expect(payload.styleControl!.coefficients.find((c) => c.feature === "length")!.points).toEqual(expect.any(Number));
  });

  it("is not fitted on too few votes: no style ratings, no coefficients, and how many votes it would need", async () => {
    const user = await makeUser("annotator");
    const models = await db.aiModel.findMany({ select: { id: true } });
    const prompts = await db.prompt.findMany({ select: { id: true }, take: 3 });
    const battles = [];
    const votes = [];
    for (const [k, prompt] of prompts.entries()) {
      const a = models[k % models.length]!;
      const b = models[(k + 1) % models.length]!;
      const [low, high] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
      const battleId = randomUUID();
      battles.push({ id: battleId, annotatorId: user.id, promptId: prompt.id, modelAId: a.id, modelBId: b.id, pairLowId: low, pairHighId: high, expiresAt: new Date() });
      votes.push({ battleId, annotatorId: user.id, promptId: prompt.id, modelAId: a.id, modelBId: b.id, language: "ar" as const, winner: "model_a" as const, timeTakenMs: 10_000 });
    }
    await db.$transaction([db.battle.createMany({ data: battles }), db.vote.createMany({ data: votes })]);
    clearLeaderboardCache();
    const payload = toLeaderboardPayload(await getLeaderboard(parseLeaderboardFilters({ cluster: "vote", style: "on", language: "ar" }).data!), null);
    expect(payload.votes).toBe(3);
    expect(payload.styleControl).toMatchObject({ votes: 3, coefficients: [], tooFewVotes: { needed: expect.any(Number) } });
    expect(payload.styleControl!.tooFewVotes!.needed).toBeGreaterThan(3);
    for (const entry of payload.entries) expect(entry.style).toBeNull();
    // The whole data set is large enough, and is fitted as before.
    clearLeaderboardCache();
    expect(toLeaderboardPayload(await getLeaderboard(filters()), null).styleControl!.tooFewVotes).toBeNull();
  });
});

describe("the leaderboard API's CSV and filters", () => {
  beforeAll(async () => {
    const { signInAs } = await import("./security-session");
    await signInAs((await makeUser("researcher")).id);
  });
  const csvLines = async (url: string) => {
    const response = await (await route("api/v1/leaderboard/route.ts")).GET(get(url));
    expect(response.status, url).toBe(200);
    return (await response.text()).trim().split("\n");
  };

  it("writes the style columns only with style=on, never empty", async () => {
    const [plainHeader, ...plainRows] = await csvLines("/api/v1/leaderboard?cluster=vote&format=csv");
    expect(plainHeader).not.toContain("style");
    expect(plainHeader!.split(",").at(-1)).toBe('"eloPermSd"');
    expect(plainRows.length).toBeGreaterThan(0);
    const [styleHeader, ...styleRows] = await csvLines("/api/v1/leaderboard?cluster=vote&style=on&format=csv");
    expect(styleHeader).toContain('"styleRating","styleCiLow","styleCiHigh","styleRank","styleRankBest","styleRankWorst"');
    // Every model here has style votes: no style cell is empty.
    for (const row of styleRows) expect(row.split(",").slice(-6).every((cell) => cell !== "")).toBe(true);
  });

  it("gives the style coefficients as their own CSV (table=coefficients), matching the JSON's styleControl", async () => {
    const [header, ...rows] = await csvLines("/api/v1/leaderboard?cluster=vote&style=on&table=coefficients&format=csv");
    expect(header).toBe('"feature","varies","points","low","high","votes","withoutFeatures","cluster","rounds"');
    expect(rows.map((r) => r.split(",")[0])).toEqual(['"length"', '"headers"', '"lists"', '"bold"']);
    const { GET } = await route("api/v1/leaderboard/route.ts");
    const json = await (await GET(get("/api/v1/leaderboard?cluster=vote&style=on"))).json();
    const length = json.styleControl.coefficients[0];
    expect(rows[0]).toBe(`"length",true,${length.points},${length.low},${length.high},${json.styleControl.votes},0,"vote",1000`);
    // Without style=on there are no coefficients: refused, naming the parameter, not answered empty.
    const refused = await GET(get("/api/v1/leaderboard?table=coefficients&format=csv"));
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.details.fieldErrors.table[0]).toContain("style=on");
  });

  it.each(["leaderboard", "categories", "matrices", "votes"])("/api/v1/%s refuses a category or tag no prompt has with 422 naming it", async (name) => {
    const { GET } = await route(`api/v1/${name}/route.ts`);
    for (const [param, value, known] of [
      ["category", "no-such-category", ["c"]],
      ["tag", "no-such-tag", []],
    ] as const) {
      const response = await GET(get(`/api/v1/${name}?${param}=${value}`));
      expect(response.status, `${name} ${param}`).toBe(422);
      const body = (await response.json()) as { error: { code: string; message: string; details: { fieldErrors: Record<string, string[]>; known: Record<string, string[]> } } };
      expect(body.error.code).toBe("invalid_input");
      expect(body.error.message).toContain(`the ${param} "${value}"`);
      expect(body.error.details.fieldErrors[param]).toEqual([`unknown ${param} "${value}"`]);
      expect(body.error.details.known[param]).toEqual(known);
    }
    // A real category still answers.
    expect((await GET(get(`/api/v1/${name}?category=c&cluster=vote`))).status).toBe(200);
  });
});
