import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveEvent } from "@/lib/validation/live";
import { readLiveEvents } from "@/lib/validation/live-stream";
import { FakeOpenAI } from "../helpers/fake-openai";

// Live battles end to end in-process: the real route handlers (session, role, same-origin, rate limits),
// the real streams through the `openai` client against a local OpenAI-compatible server, real Postgres.

vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { signInAs } = await import("./security-session");
const { db } = await import("@/lib/db");
const { saveEndpoint } = await import("@/lib/server/endpoints/save-endpoint");
const { clearSchedulerCache } = await import("@/lib/server/battles/scheduler-state");
const { aggregateVoteCounts } = await import("@/lib/server/research/aggregate-vote-counts");
const { leaderboardFiltersSchema } = await import("@/lib/validation/leaderboard-filters");
const { liveErrorRates } = await import("@/lib/server/live/live-battles");
const { browseBattles } = await import("@/lib/server/research/browse-battles");
const { battleBrowserSchema } = await import("@/lib/validation/battle-browser");
const { issueBattle } = await import("@/lib/server/battles/issue-battle");
const { importMiniSet, makeUser, resetData } = await import("../helpers/fixtures");
const start = await import("@/app/api/live/battles/route");
const turns = await import("@/app/api/live/battles/[id]/turns/route");
const stop = await import("@/app/api/live/battles/[id]/stop/route");
const votes = await import("@/app/api/votes/route");

let fake: FakeOpenAI;
let adminId = "";
let campaignId = "";
const modelIds: string[] = [];

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://127.0.0.1${url}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const params = (id: string) => ({ params: Promise.resolve({ id }) });

// Reads an NDJSON answer to its end; `onEvent` may act mid-stream (press stop).
async function readEvents(response: Response, onEvent?: (e: LiveEvent) => Promise<void> | void): Promise<LiveEvent[]> {
  expect(response.headers.get("content-type")).toMatch(/application\/x-ndjson/);
  const events: LiveEvent[] = [];
  await readLiveEvents(response.body!, async (event) => {
    events.push(event);
    await onEvent?.(event);
  });
  return events;
}
const textOf = (events: LiveEvent[], side: "a" | "b") => events.flatMap((e) => (e.type === "delta" && e.side === side ? [e.text] : [])).join("");
const endOf = (events: LiveEvent[]) => events.find((e) => e.type === "end") as Extract<LiveEvent, { type: "end" }> | undefined;
const battleOf = (events: LiveEvent[]) => events[0] as Extract<LiveEvent, { type: "battle" }>;

async function startBattle(prompt: string, language: "ar" | "en" = "en") {
  const response = await start.POST(post("/api/live/battles", { prompt, language }), params(""));
  expect(response.status).toBe(200);
  return readEvents(response);
}

beforeAll(async () => {
  fake = await new FakeOpenAI().start();
  await resetData();
  adminId = (await makeUser("admin")).id;
  // A regular set and its models: a live campaign must not narrow the regular battles.
  await importMiniSet();
  for (const key of ["live-one", "live-two", "live-three"]) {
    const model = await db.aiModel.create({ data: { key, displayName: `Display ${key}` } });
    modelIds.push(model.id);
    await saveEndpoint(adminId, { modelId: model.id, baseUrl: fake.baseUrl, remoteModel: `served-${key.split("-")[1]}`, credential: { kind: "none" }, concurrency: 4, timeoutMs: 5_000 });
  }
  const campaign = await db.campaign.create({
    data: { name: "Live test", active: true, live: true, liveTurnLimit: 2, models: { create: modelIds.map((modelId) => ({ modelId })) } },
  });
  campaignId = campaign.id;
  clearSchedulerCache();
});

afterAll(async () => {
  await signInAs(null);
  await fake.stop();
  await resetData();
});

beforeEach(() => {
  fake.queue = [];
  fake.fallback = "ok";
  fake.tokenDelayMs = 0;
});

describe("live battles", () => {
  it("streams both answers, takes a follow-up turn to the same two models, then takes the vote and reveals the names", async () => {
    const annotator = await makeUser("annotator");
    await signInAs(annotator.id);
    const before = fake.requests.length;
    const events = await startBattle("What is the capital of Jordan?");
    const battle = battleOf(events);
    expect(battle).toMatchObject({ type: "battle", turn: 1, turnLimit: 2, language: "en" });
    expect(textOf(events, "a")).toMatch(/^served-\w+ answers: What is the capital of Jordan\?$/);
    expect(textOf(events, "b")).toMatch(/^served-\w+ answers: What is the capital of Jordan\?$/);
    expect(textOf(events, "a")).not.toBe(textOf(events, "b"));
    expect(endOf(events)).toEqual({ type: "end", status: "complete", canVote: true, canFollowUp: true });
    // Nothing in the stream names a model or an endpoint.
    const wire = JSON.stringify(events.filter((e) => e.type !== "delta"));
    for (const word of ["live-one", "live-two", "live-three", "Display", "127.0.0.1", "served"]) expect(wire).not.toContain(word);
    const firstRequests = fake.requests.slice(before);
    expect(firstRequests).toHaveLength(2);
    expect(firstRequests.every((r) => r.body.stream === true)).toBe(true);

    // Stored: the prompt in the campaign's live prompt set, the battle, both answers with latency and tokens.
    const stored = await db.battle.findUniqueOrThrow({ where: { id: battle.battleId }, include: { prompt: { include: { promptSet: true } }, liveTurns: true } });
    expect(stored).toMatchObject({ live: true, liveStatus: "open", campaignId, identityLeak: false });
    expect(stored.prompt).toMatchObject({ language: "en", category: "live", text: "What is the capital of Jordan?" });
    expect(stored.prompt.promptSet.name).toBe("Live: Live test");
    expect(stored.liveTurns).toHaveLength(2);
    for (const t of stored.liveTurns) {
      expect(t.status).toBe("done");
      expect(t.latencyMs).toBeGreaterThanOrEqual(0);
      expect(t.ttftMs).toBeGreaterThanOrEqual(0);
      expect(t.completionTokens).toBeGreaterThan(0);
    }

    // A follow-up: each side gets its own conversation (its own earlier answer), same two models.
    const mid = fake.requests.length;
    const second = await readEvents(await turns.POST(post(`/api/live/battles/${battle.battleId}/turns`, { prompt: "And of Egypt?" }), params(battle.battleId)));
    expect(battleOf(second)).toMatchObject({ battleId: battle.battleId, turn: 2 });
    expect(endOf(second)).toEqual({ type: "end", status: "complete", canVote: true, canFollowUp: false });
    const follow = fake.requests.slice(mid);
    expect(follow.map((r) => r.model).sort()).toEqual(firstRequests.map((r) => r.model).sort());
    for (const r of follow) {
      const messages = r.body.messages as { role: string; content: string }[];
      expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
      expect(messages[1]!.content).toBe(`${r.model} answers: What is the capital of Jordan?`);
    }
    // The turn limit (2) is reached.
    const third = await turns.POST(post(`/api/live/battles/${battle.battleId}/turns`, { prompt: "And of Iraq?" }), params(battle.battleId));
    expect(third.status).toBe(409);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe("turn_limit");

    // The vote: accepted once, names revealed.
    const vote = await votes.POST(post("/api/votes", { battleId: battle.battleId, winner: "model_a" }));
    expect(vote.status).toBe(200);
    const receipt = ((await vote.json()) as { vote: { modelA: string; modelB: string; replayed: boolean } }).vote;
    expect([receipt.modelA, receipt.modelB].every((n) => n.startsWith("Display live-"))).toBe(true);
    const again = await votes.POST(post("/api/votes", { battleId: battle.battleId, winner: "model_b" }));
    expect(again.status).toBe(409);
    // Voted: no more turns.
    expect((await turns.POST(post(`/api/live/battles/${battle.battleId}/turns`, { prompt: "More?" }), params(battle.battleId))).status).toBe(409);
    // The battle browser shows both sides' turns, the follow-up prompt between them.
    const browsed = (await browseBattles(battleBrowserSchema.parse({ campaign: campaignId, annotator: annotator.id }))).votes;
    expect(browsed).toHaveLength(1);
    expect(browsed[0]!.responseA).toMatch(/answers: What is the capital of Jordan\?\n\n---\n\n\*\*› And of Egypt\?\*\*\n\n.*answers: And of Egypt\?$/s);
    expect(browsed[0]!.responseB).toContain("answers: And of Egypt?");
  });

  it("a vote before the last turn's answers are complete is refused; the battle is the annotator's own", async () => {
    const annotator = await makeUser("annotator");
    const other = await makeUser("annotator");
    await signInAs(annotator.id);
    fake.queue = ["hang", "hang"];
    const response = await start.POST(post("/api/live/battles", { prompt: "Tell me a story", language: "en" }), params(""));
    let battleId = "";
    const events = await readEvents(response, async (e) => {
      if (e.type !== "battle") return;
      battleId = e.battleId;
      const early = await votes.POST(post("/api/votes", { battleId, winner: "tie" }));
      expect(early.status).toBe(409);
      expect(((await early.json()) as { error: { code: string } }).error.code).toBe("answers_incomplete");
      // Someone else can neither stop it nor add to it.
      await signInAs(other.id);
      expect((await stop.POST(post(`/api/live/battles/${battleId}/stop`, {}), params(battleId))).status).toBe(404);
      expect((await votes.POST(post("/api/votes", { battleId, winner: "tie" }))).status).toBe(404);
      await signInAs(annotator.id);
      // The stop button ends both streams; the (empty) answers stand and the vote opens.
      expect((await stop.POST(post(`/api/live/battles/${battleId}/stop`, {}), params(battleId))).status).toBe(200);
    });
    expect(endOf(events)).toMatchObject({ status: "stopped", canVote: true });
    await fake.releaseHanging();
    const turnsStored = await db.liveTurn.findMany({ where: { battleId } });
    expect(turnsStored.map((t) => t.status)).toEqual(["stopped", "stopped"]);
    expect((await votes.POST(post("/api/votes", { battleId, winner: "tie" }))).status).toBe(200);
  });

  it("a side that drops mid-stream voids the battle: no vote, counted in the model's error rate", async () => {
    const annotator = await makeUser("annotator");
    await signInAs(annotator.id);
    fake.queue = ["drop"];
    fake.tokenDelayMs = 5;
    const before = await liveErrorRates();
    const events = await startBattle("Explain photosynthesis in three long sentences please");
    const { battleId } = battleOf(events);
    expect(endOf(events)).toEqual({ type: "end", status: "void", canVote: false, canFollowUp: false });
    expect(events.filter((e) => e.type === "side").map((e) => (e as { status: string }).status).sort()).toEqual(["failed", "stopped"]);
    const stored = await db.battle.findUniqueOrThrow({ where: { id: battleId }, include: { liveTurns: true } });
    expect(stored.liveStatus).toBe("void");
    const failed = stored.liveTurns.find((t) => t.status === "failed")!;
    expect(failed.error).toBeTruthy();
    const vote = await votes.POST(post("/api/votes", { battleId, winner: "model_a" }));
    expect(vote.status).toBe(409);
    expect(((await vote.json()) as { error: { code: string } }).error.code).toBe("battle_void");
    const after = await liveErrorRates();
    expect(after.get(failed.modelId)!.failed).toBe((before.get(failed.modelId)?.failed ?? 0) + 1);
    expect((await turns.POST(post(`/api/live/battles/${battleId}/turns`, { prompt: "again" }), params(battleId))).status).toBe(409);
  });

  it("an HTTP 500 or a timeout of one side voids the battle too", async () => {
    const annotator = await makeUser("annotator");
    await signInAs(annotator.id);
    fake.queue = ["500"];
    expect(endOf(await startBattle("Hello there"))).toMatchObject({ status: "void", canVote: false });
    // A side that never answers: the endpoint's timeout (5 s here) voids it.
    await db.modelEndpoint.updateMany({ data: { timeoutMs: 400 } });
    fake.queue = ["hang"];
    try {
      expect(endOf(await startBattle("Hello again"))).toMatchObject({ status: "void" });
    } finally {
      await db.modelEndpoint.updateMany({ data: { timeoutMs: 5_000 } });
      fake.releaseHanging();
    }
  });

  it("a name the annotator wrote in the prompt and the answer repeats is not a leak", async () => {
    const annotator = await makeUser("annotator");
    await signInAs(annotator.id);
    // The fake echoes the prompt: both answers say "ChatGPT" and "Claude", as the annotator did.
    const events = await startBattle("Which is better for coding: ChatGPT or Claude?");
    const { battleId } = battleOf(events);
    expect((await db.battle.findUniqueOrThrow({ where: { id: battleId } })).identityLeak).toBe(false);
  });

  it("an answer that names its model flags the battle, and its vote is left out of ratings unless asked for", async () => {
    const annotator = await makeUser("annotator");
    await signInAs(annotator.id);
    const echo = fake.reply;
    fake.reply = (model, prompt) => `I am ChatGPT, made by OpenAI. ${echo(model, prompt, [])}`;
    const events = await startBattle("Who are you?").finally(() => (fake.reply = echo));
    const { battleId } = battleOf(events);
    expect((await db.battle.findUniqueOrThrow({ where: { id: battleId } })).identityLeak).toBe(true);
    expect((await votes.POST(post("/api/votes", { battleId, winner: "model_b" }))).status).toBe(200);
    expect((await db.vote.findUniqueOrThrow({ where: { battleId } })).identityLeak).toBe(true);
    const counted = async (leaked: "exclude" | "include") =>
      (await aggregateVoteCounts(leaderboardFiltersSchema.parse({ campaign: campaignId, leaked }))).votes;
    const excluded = await counted("exclude");
    const included = await counted("include");
    expect(included).toBe(excluded + 1);
  });

  it("guard rails: prompt length, language, per-user limit, same-origin, sign-in", async () => {
    const annotator = await makeUser("annotator", ["ar"]);
    await signInAs(annotator.id);
    const tooLong = await start.POST(post("/api/live/battles", { prompt: "x".repeat(4001), language: "ar" }), params(""));
    expect(tooLong.status).toBe(422);
    const wrongLanguage = await start.POST(post("/api/live/battles", { prompt: "Hello", language: "en" }), params(""));
    expect(wrongLanguage.status).toBe(422);
    const crossSite = await start.POST(post("/api/live/battles", { prompt: "مرحبا", language: "ar" }, { "sec-fetch-site": "cross-site" }), params(""));
    expect(crossSite.status).toBe(403);
    const previous = process.env.ARENA_LIVE_PROMPTS_PER_USER;
    process.env.ARENA_LIVE_PROMPTS_PER_USER = "1";
    try {
      const first = await start.POST(post("/api/live/battles", { prompt: "ما عاصمة الأردن؟", language: "ar" }), params(""));
      expect(first.status).toBe(200);
      const events = await readEvents(first);
      expect(battleOf(events).language).toBe("ar");
      const second = await start.POST(post("/api/live/battles", { prompt: "وما عاصمة مصر؟", language: "ar" }), params(""));
      expect(second.status).toBe(429);
    } finally {
      if (previous === undefined) delete process.env.ARENA_LIVE_PROMPTS_PER_USER;
      else process.env.ARENA_LIVE_PROMPTS_PER_USER = previous;
    }
    await signInAs(null);
    expect((await start.POST(post("/api/live/battles", { prompt: "Hi", language: "en" }), params(""))).status).toBe(401);
  });

  it("a live campaign does not narrow the regular battles, and live battles are never issued as regular ones", async () => {
    const annotator = await makeUser("annotator");
    await signInAs(annotator.id);
    await startBattle("A live prompt that stays live");
    const regular = await issueBattle(annotator);
    expect(regular).not.toBeNull();
    expect(regular!.prompt.category).not.toBe("live");
    expect(regular!.responseA.length).toBeGreaterThan(0);
  });

  it("an admin re-categorises a live prompt; imported prompts are not changed this way", async () => {
    const { listLivePrompts, setLivePromptCategory } = await import("@/lib/server/live/live-prompts");
    const annotator = await makeUser("annotator");
    await signInAs(annotator.id);
    const { battleId } = battleOf(await startBattle("Which river is the longest?"));
    const battle = await db.battle.findUniqueOrThrow({ where: { id: battleId } });
    const listed = await listLivePrompts(campaignId);
    expect(listed.find((p) => p.id === battle.promptId)).toMatchObject({ category: "live", text: "Which river is the longest?" });
    await setLivePromptCategory(adminId, { promptId: battle.promptId, category: "geography" });
    expect((await db.prompt.findUniqueOrThrow({ where: { id: battle.promptId } })).category).toBe("geography");
    expect(await db.auditLog.count({ where: { action: "livePrompt.recategorised", target: `prompt:${battle.promptId}` } })).toBe(1);
    const imported = await db.prompt.findFirstOrThrow({ where: { category: { not: "live" }, battles: { none: { live: true } } } });
    await expect(setLivePromptCategory(adminId, { promptId: imported.id, category: "x" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("no live campaign switched on: a clear 409", async () => {
    const annotator = await makeUser("annotator");
    await signInAs(annotator.id);
    await db.campaign.update({ where: { id: campaignId }, data: { active: false } });
    try {
      const response = await start.POST(post("/api/live/battles", { prompt: "Hi", language: "en" }), params(""));
      expect(response.status).toBe(409);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("live_unavailable");
    } finally {
      await db.campaign.update({ where: { id: campaignId }, data: { active: true } });
    }
  });
});
