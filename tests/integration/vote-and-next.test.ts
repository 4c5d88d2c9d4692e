// A vote whose answer carries the next battle (POST /api/votes with next: true): the integrity rules of
// the two separate requests, and how many statements and commits it costs on Postgres.
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { issueBattle } from "@/lib/server/battles/issue-battle";
import { skipBattle } from "@/lib/server/battles/skip-battle";
import { AppError } from "@/lib/server/errors";
import { voteLimits } from "@/lib/server/security/limits";
import { recordSessionVote, recordVote, recordVoteAndIssueNext, type VoteWithNext } from "@/lib/server/votes/record-vote";
import { audiences } from "@/lib/validation/auth";
import { importGeneratedSet, importMiniSet, makeUser, resetData } from "../helpers/fixtures";
import { recordTrips, type Trip } from "../helpers/round-trips";

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected the promise to reject");
}

// Transactions that write durably (WAL flushed at commit): an autocommit INSERT/UPDATE/DELETE, or a
// BEGIN … COMMIT with one. Writes to the UNLOGGED rate-limit table are counted apart: they flush nothing.
function commitsOf(trips: Trip[]) {
  let durable = 0;
  let unlogged = 0;
  let inTransaction = false;
  let transactionWrites = false;
  const writes = (text: string) => /\b(INSERT|UPDATE|DELETE)\b/i.test(text);
  for (const { text } of trips) {
    if (/^\s*BEGIN\b/i.test(text)) {
      inTransaction = true;
      transactionWrites = false;
    } else if (/^\s*COMMIT\b/i.test(text)) {
      if (transactionWrites) durable++;
      inTransaction = false;
    } else if (inTransaction) {
      transactionWrites ||= writes(text);
    } else if (writes(text)) {
      if (/rate_limit_buckets/.test(text)) unlogged++;
      else durable++;
    }
  }
  return { durable, unlogged };
}

describe("a vote that carries the next battle", () => {
  beforeEach(async () => {
    await resetData();
    await importMiniSet();
  });

  it("records the vote and issues the annotator's next battle, a new prompt, in the same answer", async () => {
    const annotator = await makeUser();
    const first = await issueBattle(annotator);
    const answer = await recordVoteAndIssueNext(annotator, { battleId: first!.id, winner: "model_a" });
    const battle = await db.battle.findUniqueOrThrow({ where: { id: first!.id }, include: { modelA: true, modelB: true } });
    expect(answer.vote).toEqual({ battleId: first!.id, winner: "model_a", modelA: battle.modelA.displayName, modelB: battle.modelB.displayName, replayed: false });
    expect(await db.vote.count({ where: { battleId: first!.id } })).toBe(1);
    const next = answer.next.battle!;
    expect(next.id).not.toBe(first!.id);
    expect(next.responseA).not.toBe("");
    const nextRow = await db.battle.findUniqueOrThrow({ where: { id: next.id } });
    expect(nextRow.annotatorId).toBe(annotator.id);
    expect(nextRow.promptId).not.toBe(battle.promptId);
    // The separate route resumes it: it is the annotator's open battle.
    expect((await issueBattle(annotator))!.id).toBe(next.id);
  });

  it("answers a replay with the same receipt and the same next battle, issuing nothing more", async () => {
    const annotator = await makeUser();
    const first = await issueBattle(annotator);
    const one = await recordVoteAndIssueNext(annotator, { battleId: first!.id, winner: "tie" });
    const again = await recordVoteAndIssueNext(annotator, { battleId: first!.id, winner: "tie" });
    expect({ ...again.vote, replayed: false }).toEqual(one.vote);
    expect(again.vote.replayed).toBe(true);
    expect(again.next.battle!.id).toBe(one.next.battle!.id);
    // A replay through the plain route after it answers the same receipt too.
    expect(await recordVote(annotator.id, { battleId: first!.id, winner: "tie" })).toEqual(again.vote);
    expect(await db.vote.count()).toBe(1);
    expect(await db.battle.count()).toBe(2);
  });

  it("records a double click once, and both answers carry the same next battle", async () => {
    const annotator = await makeUser();
    const first = await issueBattle(annotator);
    const answers = await Promise.all(Array.from({ length: 6 }, () => recordVoteAndIssueNext(annotator, { battleId: first!.id, winner: "model_b" })));
    expect(answers.filter((a) => !a.vote.replayed)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.next.battle!.id)).size).toBe(1);
    expect(await db.vote.count()).toBe(1);
    expect(await db.battle.count()).toBe(2);
  });

  it("refuses a different vote on a replay, a skipped battle, and someone else's battle, issuing nothing", async () => {
    const annotator = await makeUser();
    const other = await makeUser();
    const first = await issueBattle(annotator);
    await recordVoteAndIssueNext(annotator, { battleId: first!.id, winner: "model_a" });
    expect((await rejection(recordVoteAndIssueNext(annotator, { battleId: first!.id, winner: "model_b" }))).code).toBe("already_voted");

    const open = (await issueBattle(annotator))!;
    await skipBattle(annotator.id, open.id);
    const battlesBefore = await db.battle.count();
    expect((await rejection(recordVoteAndIssueNext(annotator, { battleId: open.id, winner: "tie" }))).code).toBe("battle_skipped");
    expect((await rejection(recordVoteAndIssueNext(other, { battleId: first!.id, winner: "model_a" }))).code).toBe("battle_not_found");
    expect(await db.battle.count()).toBe(battlesBefore);
    expect(await db.vote.count()).toBe(1);
  });

  it("lets exactly one of a concurrent skip and a vote-with-next win", async () => {
    for (let round = 0; round < 6; round++) {
      const annotator = await makeUser();
      const battle = (await issueBattle(annotator))!;
      const [skip, vote] = await Promise.allSettled([skipBattle(annotator.id, battle.id), recordVoteAndIssueNext(annotator, { battleId: battle.id, winner: "tie" })]);
      expect([skip.status, vote.status].filter((s) => s === "fulfilled")).toHaveLength(1);
      const row = await db.battle.findUniqueOrThrow({ where: { id: battle.id }, include: { vote: true } });
      expect(Boolean(row.skippedAt) !== Boolean(row.vote)).toBe(true);
    }
  });

  it("answers next: { battle: null } once every prompt is used, and still records the vote", async () => {
    const annotator = await makeUser("annotator", ["ar"]);
    let battle = (await issueBattle(annotator))!;
    const answer = await recordVoteAndIssueNext(annotator, { battleId: battle.id, winner: "model_a" });
    battle = answer.next.battle!;
    const last = await recordVoteAndIssueNext(annotator, { battleId: battle.id, winner: "model_b" });
    expect(last.vote.replayed).toBe(false);
    expect(last.next.battle).toBeNull();
    expect(await db.vote.count({ where: { annotatorId: annotator.id } })).toBe(2);
  });
});

describe("statements and commits per vote on Postgres", () => {
  beforeEach(async () => {
    await resetData();
    await importGeneratedSet(40);
  });
  afterEach(() => undefined);

  it("a vote with its next battle: four round trips and one durable commit (the two requests: six and two, plus a session read each)", async () => {
    const annotator = await makeUser();
    const limits = voteLimits(annotator.id, "203.0.113.9");
    // Warm the scheduler's caches (catalogue and weights load once per process, then in the background).
    let battle = (await issueBattle(annotator))!;
    battle = (await recordVoteAndIssueNext(annotator, { battleId: battle.id, winner: "model_a" })).next.battle!;

    // The browser's loop before: POST /api/votes, then POST /api/battles/next (each also reads the session's user, not counted here).
    const separate = await recordTrips(async () => {
      await recordVote(annotator.id, { battleId: battle.id, winner: "model_b" }, { limits });
      return issueBattle(annotator);
    });
    battle = separate.result!;
    // Now: one request.
    const combined = await recordTrips(() => recordVoteAndIssueNext(annotator, { battleId: battle.id, winner: "tie" }, { limits }));
    expect(combined.result.next.battle).not.toBeNull();
    const texts = combined.trips.map((t) => t.text.replace(/\s+/g, " ").slice(0, 60));
    // rate-limit hits + battle + vote + scope read; BEGIN with the annotator lock; vote insert + next battle; COMMIT.
    expect(combined.trips, texts.join("\n")).toHaveLength(4);
    expect(commitsOf(combined.trips)).toEqual({ durable: 1, unlogged: 1 });
    // rate-limit hits + battle read; vote insert; scope read; BEGIN with the lock; next battle; COMMIT.
    expect(separate.trips, separate.trips.map((t) => t.text.replace(/\s+/g, " ").slice(0, 60)).join("\n")).toHaveLength(6);
    expect(commitsOf(separate.trips).durable).toBe(2);
  });

  it("through the route's session check (POST /api/votes): four round trips with the session's user read in the first; an ended session or a role not allowed is refused and counts nothing", async () => {
    await importGeneratedSet(6);
    const annotator = await makeUser();
    const claim = { userId: annotator.id, sessionId: randomUUID(), signedInAtMs: Date.now() };
    const session = { claim, allowed: audiences["signed-in"] };
    const limits = voteLimits(annotator.id, "203.0.113.7");
    let battle = (await issueBattle(annotator))!;
    battle = ((await recordSessionVote(session, { battleId: battle.id, winner: "model_a" }, { next: true, limits })) as VoteWithNext).next.battle!;
    const combined = await recordTrips(() => recordSessionVote(session, { battleId: battle.id, winner: "tie" }, { next: true, limits }));
    const texts = combined.trips.map((t) => t.text.replace(/\s+/g, " ").slice(0, 60));
    // session's user + rate-limit hits + battle + vote + scope read; BEGIN with the annotator lock; vote insert + next battle; COMMIT.
    expect(combined.trips, texts.join("\n")).toHaveLength(4);
    expect(commitsOf(combined.trips)).toEqual({ durable: 1, unlogged: 1 });
    expect(await db.vote.count({ where: { battleId: battle.id } })).toBe(1);
    battle = (combined.result as VoteWithNext).next.battle!;
    // Without next: the vote alone, the same session check.
    const alone = await recordSessionVote(session, { battleId: battle.id, winner: "model_b" }, { limits });
    expect(alone.vote).toMatchObject({ battleId: battle.id, replayed: false });
    battle = (await issueBattle(annotator))!;

    const counted = async () => (await db.rateLimitBucket.findUniqueOrThrow({ where: { key: `vote:user:${annotator.id}` } })).count;
    const before = await counted();
    // A role not allowed: 403, nothing counted or written.
    expect(await rejection(recordSessionVote({ claim, allowed: audiences.admin }, { battleId: battle.id, winner: "tie" }, { next: true, limits }))).toMatchObject({ status: 403 });
    // Signed out (the session revoked): 401, nothing counted or written.
    await db.revokedSession.create({ data: { sid: claim.sessionId, expiresAt: new Date(Date.now() + 86_400_000) } });
    expect(await rejection(recordSessionVote(session, { battleId: battle.id, winner: "tie" }, { next: true, limits }))).toMatchObject({ status: 401 });
    expect(await rejection(recordSessionVote(session, { battleId: battle.id, winner: "tie" }, { limits }))).toMatchObject({ status: 401 });
    // Another session of the same user, signed in before the account was disabled and enabled again: 401.
    const older = { claim: { ...claim, sessionId: randomUUID(), signedInAtMs: Date.now() - 60_000 }, allowed: audiences["signed-in"] };
    await db.user.update({ where: { id: annotator.id }, data: { sessionsValidFrom: new Date() } });
    expect(await rejection(recordSessionVote(older, { battleId: battle.id, winner: "tie" }, { next: true, limits }))).toMatchObject({ status: 401 });
    // A disabled account: 401.
    const fresh = { claim: { ...claim, sessionId: randomUUID(), signedInAtMs: Date.now() + 1_000 }, allowed: audiences["signed-in"] };
    await db.user.update({ where: { id: annotator.id }, data: { disabled: true } });
    expect(await rejection(recordSessionVote(fresh, { battleId: battle.id, winner: "tie" }, { next: true, limits }))).toMatchObject({ status: 401 });
    // A claim that names no uuid: 401 before any statement.
    expect(await rejection(recordSessionVote({ claim: { ...claim, userId: "x" }, allowed: audiences["signed-in"] }, { battleId: battle.id, winner: "tie" }, { limits }))).toMatchObject({ status: 401 });
    expect(await counted()).toBe(before);
    expect(await db.vote.count({ where: { battleId: battle.id } })).toBe(0);
  });
});
