import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Issue 14 item 7: the battle browser's data access on real Postgres (filters, keyset paging that stays
// stable while votes arrive, model pairs in either order, outcomes relative to the chosen model) and its
// API route's roles.

vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());

const { signInAs } = await import("./security-session");
const { db } = await import("@/lib/db");
const { browseBattles } = await import("@/lib/server/research/browse-battles");
const { battleBrowserSchema } = await import("@/lib/validation/battle-browser");
const { importMiniSet, makeUser, resetData } = await import("../helpers/fixtures");

type Route = { GET: (request: Request) => Promise<Response> };
const route = async () => (await import(/* @vite-ignore */ path.join(import.meta.dirname, "..", "..", "app", "api", "research", "battles", "route.ts"))) as Route;
const get = (url: string) => new Request(`http://127.0.0.1${url}`);
const query = (params: Record<string, string | number> = {}) => battleBrowserSchema.parse(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])));

type Stored = { id: string; created: Date; a: string; b: string; winner: string; annotator: string; language: string };
const winners = ["model_a", "model_b", "tie", "tie_bothbad", "model_a"] as const;
let stored: Stored[] = [];
let modelId: Record<string, string> = {};
let annotators: string[] = [];
let excludedAnnotator = "";

// Every (annotator, prompt, pair) of the mini set voted once, written directly so the test controls the
// times: three votes share each timestamp, so the order must break ties by id. Sides alternate, so each
// pair appears as A/B and as B/A.
async function seedVotes() {
  await importMiniSet();
  const models = await db.aiModel.findMany({ orderBy: { key: "asc" } });
  modelId = Object.fromEntries(models.map((m) => [m.key, m.id]));
  const prompts = await db.prompt.findMany({ orderBy: { externalId: "asc" } });
  const users = [await makeUser("annotator"), await makeUser("annotator"), await makeUser("annotator")];
  annotators = users.map((u) => u.id);
  excludedAnnotator = annotators[2]!;
  await db.user.update({ where: { id: excludedAnnotator }, data: { excludedFromRankings: true } });
  const pairs = [
    ["alpha", "beta"],
    ["alpha", "gamma"],
    ["beta", "gamma"],
  ] as const;
  const base = Date.UTC(2026, 10, 1, 12, 0, 0);
  let k = 0;
  for (const user of users) {
    for (const prompt of prompts) {
      for (const [x, y] of pairs) {
        const [a, b] = k % 2 === 0 ? [modelId[x]!, modelId[y]!] : [modelId[y]!, modelId[x]!];
        const created = new Date(base + Math.floor(k / 3) * 60_000);
        const winner = winners[k % winners.length]!;
        const [low, high] = [a, b].sort();
        const battle = await db.battle.create({
          data: { annotatorId: user.id, promptId: prompt.id, modelAId: a, modelBId: b, pairLowId: low!, pairHighId: high!, issuedAt: created, expiresAt: new Date(created.getTime() + 3_600_000) },
        });
        const vote = await db.vote.create({
          data: { battleId: battle.id, annotatorId: user.id, promptId: prompt.id, modelAId: a, modelBId: b, language: prompt.language, winner, timeTakenMs: 4000, createdAt: created, reason: `reason ${k}` },
        });
        stored.push({ id: vote.id, created, a, b, winner, annotator: user.id, language: prompt.language });
        k++;
      }
    }
  }
}

const newestFirst = (rows: Stored[]) => [...rows].sort((x, y) => y.created.getTime() - x.created.getTime() || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0));
const counted = () => stored.filter((s) => s.annotator !== excludedAnnotator);

beforeAll(async () => {
  await resetData();
  stored = [];
  await seedVotes();
});

afterAll(async () => {
  await signInAs(null);
  await resetData();
});

describe("browseBattles", () => {
  it("pages newest first by (time, id), forwards and back, with no vote lost or repeated", async () => {
    const expected = newestFirst(counted()).map((s) => s.id);
    expect(expected.length).toBe(24);
    const forward: string[][] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const page = await browseBattles(query({ pageSize: 5, ...(after ? { after } : {}) }));
      forward.push(page.votes.map((v) => v.id));
      if (guard === 0) expect(page.newer).toBeNull();
      else expect(page.newer).not.toBeNull();
      after = page.older;
      if (!after) break;
    }
    expect(forward.flat()).toEqual(expected);
    expect(forward.map((p) => p.length)).toEqual([5, 5, 5, 5, 4]);

    // Back from the last page with `before`: the same pages, in reverse.
    const last = await browseBattles(query({ pageSize: 5, after: (await cursorBefore(expected[20]!))! }));
    expect(last.votes.map((v) => v.id)).toEqual(forward[4]);
    let before: string | null = last.newer;
    const backward: string[][] = [last.votes.map((v) => v.id)];
    while (before) {
      const page = await browseBattles(query({ pageSize: 5, before }));
      backward.unshift(page.votes.map((v) => v.id));
      expect(page.older).not.toBeNull();
      before = page.newer;
    }
    expect(backward).toEqual(forward);
  });

  it("a vote arriving while someone reads does not shift the pages they go on to", async () => {
    const first = await browseBattles(query({ pageSize: 5 }));
    // A newer vote, from another annotator.
    const late = await makeUser("annotator");
    const prompt = await db.prompt.findFirstOrThrow({ where: { externalId: "m-en-1" } });
    const battle = await db.battle.create({
      data: { annotatorId: late.id, promptId: prompt.id, modelAId: modelId.gamma!, modelBId: modelId.alpha!, pairLowId: [modelId.gamma!, modelId.alpha!].sort()[0]!, pairHighId: [modelId.gamma!, modelId.alpha!].sort()[1]!, issuedAt: new Date(), expiresAt: new Date(Date.now() + 3_600_000), isGold: true },
    });
    const vote = await db.vote.create({
      data: { battleId: battle.id, annotatorId: late.id, promptId: prompt.id, modelAId: modelId.gamma!, modelBId: modelId.alpha!, language: "en", winner: "model_b", timeTakenMs: 1, createdAt: new Date(Date.UTC(2026, 10, 2)), isGold: true },
    });
    try {
      const second = await browseBattles(query({ pageSize: 5, after: first.older! }));
      expect(second.votes.map((v) => v.id)).toEqual(newestFirst(counted()).slice(5, 10).map((s) => s.id));
      // It leads the first page for the next reader.
      expect((await browseBattles(query({ pageSize: 5 }))).votes[0]!.id).toBe(vote.id);
    } finally {
      await db.vote.delete({ where: { id: vote.id } });
      await db.battle.delete({ where: { id: battle.id } });
    }
  });

  it("a model pair matches its battles in either order, on either side", async () => {
    const ab = await allPages({ model: "alpha", vs: "beta" });
    const ba = await allPages({ model: "beta", vs: "alpha" });
    expect(ab.map((v) => v.id)).toEqual(ba.map((v) => v.id));
    const pair = [modelId.alpha, modelId.beta].sort();
    const expected = counted().filter((s) => JSON.stringify([s.a, s.b].sort()) === JSON.stringify(pair));
    expect(ab.length).toBe(expected.length);
    expect(ab.some((v) => v.modelA.key === "alpha")).toBe(true);
    expect(ab.some((v) => v.modelA.key === "beta")).toBe(true);
    // Both answers travel with the vote, each from its own model.
    const first = ab[0]!;
    const responseOf = async (key: string) => (await db.response.findFirstOrThrow({ where: { promptId: first.prompt.id, modelId: modelId[key]! } })).text;
    expect(first.responseA).toBe(await responseOf(first.modelA.key));
    expect(first.responseB).toBe(await responseOf(first.modelB.key));
    expect(first.prompt.text.length).toBeGreaterThan(0);
    expect(first.reason).toMatch(/^reason \d+$/);
  });

  it("outcomes are the chosen model's: won, lost, tie, both bad", async () => {
    const alpha = modelId.alpha!;
    const withAlpha = counted().filter((s) => s.a === alpha || s.b === alpha);
    const won = withAlpha.filter((s) => (s.a === alpha && s.winner === "model_a") || (s.b === alpha && s.winner === "model_b"));
    const lost = withAlpha.filter((s) => (s.a === alpha && s.winner === "model_b") || (s.b === alpha && s.winner === "model_a"));
    expect(won.length).toBeGreaterThan(0);
    expect(lost.length).toBeGreaterThan(0);
    expect(sorted(await allPages({ model: "alpha", outcome: "win" }))).toEqual(sorted(won));
    expect(sorted(await allPages({ model: "alpha", outcome: "loss" }))).toEqual(sorted(lost));
    expect(sorted(await allPages({ model: "alpha", outcome: "tie" }))).toEqual(sorted(withAlpha.filter((s) => s.winner === "tie")));
    expect(sorted(await allPages({ outcome: "bothbad" }))).toEqual(sorted(counted().filter((s) => s.winner === "tie_bothbad")));
    // Without a model, "won" is answer A's.
    expect(sorted(await allPages({ outcome: "win" }))).toEqual(sorted(counted().filter((s) => s.winner === "model_a")));
    // The pair and "won" together: alpha's wins against beta only.
    const vsBeta = await allPages({ model: "alpha", vs: "beta", outcome: "win" });
    expect(sorted(vsBeta)).toEqual(sorted(won.filter((s) => s.a === modelId.beta || s.b === modelId.beta)));
  });

  it("takes the leaderboard's filters and the annotator filter; excluded annotators only when asked", async () => {
    expect(sorted(await allPages({ language: "ar" }))).toEqual(sorted(counted().filter((s) => s.language === "ar")));
    expect(sorted(await allPages({ annotator: annotators[1]! }))).toEqual(sorted(counted().filter((s) => s.annotator === annotators[1])));
    expect(await allPages({ annotator: excludedAnnotator })).toEqual([]);
    expect(sorted(await allPages({ annotator: excludedAnnotator, excluded: "include" }))).toEqual(sorted(stored.filter((s) => s.annotator === excludedAnnotator)));
    const math = await allPages({ category: "math" });
    expect(math.length).toBeGreaterThan(0);
    expect(math.every((v) => v.prompt.category === "math")).toBe(true);
    expect(await allPages({ from: "2026-11-02" })).toEqual([]);
    expect((await allPages({ to: "2026-11-01" })).length).toBe(24);
  });

  it("an unknown model key matches nothing and says so", async () => {
    const page = await browseBattles(query({ model: "no-such-model", vs: "alpha" }));
    expect(page.votes).toEqual([]);
    expect(page.unknownModels).toEqual(["no-such-model"]);
  });

  it("refuses bad cursors and page sizes as invalid input", () => {
    for (const params of [{ after: "not-a-cursor" }, { before: Buffer.from("2026-01-01|x").toString("base64url") }, { pageSize: 51 }, { pageSize: 0 }, { outcome: "draw" }]) {
      expect(battleBrowserSchema.safeParse(params).success, JSON.stringify(params)).toBe(false);
    }
  });

  it("shows the reason flags set on each answer, with their labels, and filters by flag", async () => {
    const target = stored[0]!;
    await db.vote.update({ where: { id: target.id }, data: { flagsA: ["factual_error"], flagsB: ["since_removed"] } });
    try {
      const page = await browseBattles(query({ flag: "factual_error", pageSize: 50 }));
      expect(page.votes.map((v) => v.id)).toEqual([target.id]);
      const [vote] = page.votes;
      // Outside a campaign the default flags name it; a key no longer offered keeps its key as its label.
      expect(vote!.flagsA).toEqual([expect.objectContaining({ key: "factual_error", en: expect.stringMatching(/factual/i) })]);
      expect(vote!.flagsA[0]!.ar).not.toBe("factual_error");
      expect(vote!.flagsB).toEqual([{ key: "since_removed", en: "since_removed", ar: "since_removed" }]);
      const others = await browseBattles(query({ pageSize: 50 }));
      expect(others.votes.filter((v) => v.id !== target.id).every((v) => v.flagsA.length === 0 && v.flagsB.length === 0)).toBe(true);
    } finally {
      await db.vote.update({ where: { id: target.id }, data: { flagsA: [], flagsB: [] } });
    }
  });
});

describe("GET /api/research/battles", () => {
  it("answers researchers and admins; refuses annotators (403) and anonymous visitors (401)", async () => {
    const { GET } = await route();
    await signInAs(null);
    expect((await GET(get("/api/research/battles"))).status).toBe(401);
    await signInAs((await makeUser("annotator")).id);
    expect((await GET(get("/api/research/battles"))).status).toBe(403);
    for (const role of ["researcher", "admin"] as const) {
      await signInAs((await makeUser(role)).id);
      const response = await GET(get("/api/research/battles?model=beta&vs=alpha&pageSize=3"));
      expect(response.status).toBe(200);
      const body = (await response.json()) as { votes: { modelA: { key: string }; modelB: { key: string } }[]; older: string | null };
      expect(body.votes).toHaveLength(3);
      expect(body.votes.every((v) => [v.modelA.key, v.modelB.key].sort().join() === "alpha,beta")).toBe(true);
      expect(body.older).toBeTruthy();
    }
    const bad = await GET(get("/api/research/battles?after=garbage"));
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_input");
  });
});

async function allPages(params: Record<string, string>) {
  const out: Awaited<ReturnType<typeof browseBattles>>["votes"] = [];
  let after: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof browseBattles>> = await browseBattles(query({ ...params, pageSize: 7, ...(after ? { after } : {}) }));
    out.push(...page.votes);
    after = page.older;
  } while (after);
  return out;
}

function sorted(rows: { id: string }[]) {
  return rows.map((r) => r.id).sort();
}

// The cursor that pages to the votes after (older than) the one before `id` in the newest-first order.
async function cursorBefore(id: string): Promise<string | null> {
  const order = newestFirst(counted());
  const i = order.findIndex((s) => s.id === id);
  const previous = order[i - 1]!;
  const { encodeCursor } = await import("@/lib/validation/battle-browser");
  return encodeCursor({ createdAt: previous.created.toISOString().replace("Z", "000Z"), id: previous.id });
}
