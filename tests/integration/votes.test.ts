import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { issueBattle } from "@/lib/server/battles/issue-battle";
import { skipBattle } from "@/lib/server/battles/skip-battle";
import { recordVote } from "@/lib/server/votes/record-vote";
import { AppError } from "@/lib/server/errors";
import { importMiniSet, makeUser, resetData } from "../helpers/fixtures";

async function rejection(promise: Promise<unknown>): Promise<AppError | Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the promise to reject");
}

describe("issuing battles", () => {
  beforeEach(async () => {
    await resetData();
    await importMiniSet();
  });

  it("shows two different models that both answered, and never the same prompt twice", async () => {
    const annotator = await makeUser();
    const seen = new Set<string>();
    // 4 prompts × 3 pairs, but each prompt once per annotator: 4 battles, then nothing.
    for (let i = 0; i < 4; i++) {
      const view = await issueBattle(annotator);
      expect(view).not.toBeNull();
      const battle = await db.battle.findUniqueOrThrow({ where: { id: view!.id } });
      expect(battle.modelAId).not.toBe(battle.modelBId);
      expect(view!.responseA).not.toBe("");
      expect(view!.responseB).not.toBe("");
      expect(seen.has(battle.promptId)).toBe(false);
      seen.add(battle.promptId);
      await recordVote(annotator.id, { battleId: battle.id, winner: "tie" });
    }
    expect(await issueBattle(annotator)).toBeNull();
  });

  it("resumes the open battle on reload instead of issuing another", async () => {
    const annotator = await makeUser();
    const first = await issueBattle(annotator);
    const again = await issueBattle(annotator);
    expect(again!.id).toBe(first!.id);
    expect(await db.battle.count()).toBe(1);
  });

  it("respects the annotator's languages", async () => {
    const arabicOnly = await makeUser("annotator", ["ar"]);
    // The two Arabic prompts, once each.
    for (let i = 0; i < 2; i++) {
      const view = await issueBattle(arabicOnly);
      expect(view!.prompt.language).toBe("ar");
      await recordVote(arabicOnly.id, { battleId: view!.id, winner: "model_a" });
    }
    expect(await issueBattle(arabicOnly)).toBeNull();
  });

  it("never issues hidden or retired models", async () => {
    await db.aiModel.update({ where: { key: "gamma" }, data: { hidden: true } });
    const annotator = await makeUser();
    const gamma = await db.aiModel.findUniqueOrThrow({ where: { key: "gamma" } });
    for (let i = 0; i < 4; i++) {
      const view = await issueBattle(annotator);
      const battle = await db.battle.findUniqueOrThrow({ where: { id: view!.id } });
      expect([battle.modelAId, battle.modelBId]).not.toContain(gamma.id);
      await recordVote(annotator.id, { battleId: battle.id, winner: "model_b" });
    }
    expect(await issueBattle(annotator)).toBeNull();
  });

  it("puts each model on the left about half the time", async () => {
    const counts = { low: 0, total: 0 };
    for (let u = 0; u < 15; u++) {
      const annotator = await makeUser();
      for (let i = 0; i < 4; i++) {
        const view = await issueBattle(annotator);
        const battle = await db.battle.findUniqueOrThrow({ where: { id: view!.id } });
        counts.total++;
        if (battle.modelAId === battle.pairLowId) counts.low++;
        await recordVote(annotator.id, { battleId: battle.id, winner: "tie" });
      }
    }
    // 60 fair coin flips: outside [15, 45] has probability < 1e-4.
    expect(counts.low).toBeGreaterThanOrEqual(15);
    expect(counts.low).toBeLessThanOrEqual(45);
  });
});

describe("recording votes", () => {
  beforeEach(async () => {
    await resetData();
    await importMiniSet();
  });

  it("records a vote once and reveals the models", async () => {
    const annotator = await makeUser();
    const view = await issueBattle(annotator);
    await db.battle.update({ where: { id: view!.id }, data: { issuedAt: new Date(Date.now() - 60_000) } });
    const receipt = await recordVote(annotator.id, { battleId: view!.id, winner: "model_a", reason: "  clearer  ", timeTakenMs: 4200 });
    const battle = await db.battle.findUniqueOrThrow({ where: { id: view!.id }, include: { modelA: true, modelB: true } });
    expect(receipt).toEqual({ battleId: view!.id, winner: "model_a", modelA: battle.modelA.displayName, modelB: battle.modelB.displayName, replayed: false });
    const vote = await db.vote.findUniqueOrThrow({ where: { battleId: view!.id } });
    expect(vote).toMatchObject({ winner: "model_a", reason: "clearer", timeTakenMs: 4200, modelAId: battle.modelAId, modelBId: battle.modelBId, language: view!.prompt.language });
  });

  it("stores the reading time bounded by the server's issue-to-vote time, not the client's longer claim", async () => {
    const annotator = await makeUser();
    const view = await issueBattle(annotator);
    const { issuedAt } = await db.battle.findUniqueOrThrow({ where: { id: view!.id }, select: { issuedAt: true } });
    await recordVote(annotator.id, { battleId: view!.id, winner: "model_b", timeTakenMs: 86_400_000 });
    const elapsedAfterVote = Date.now() - issuedAt.getTime();
    const vote = await db.vote.findUniqueOrThrow({ where: { battleId: view!.id } });
    expect(vote.timeTakenMs).toBeLessThanOrEqual(elapsedAfterVote + 1);
    expect(vote.timeTakenMs).toBeGreaterThanOrEqual(0);
    expect(vote.flaggedFast).toBe(true);

    // Without a figure from the client, the server's time is stored.
    const next = await issueBattle(annotator);
    await db.battle.update({ where: { id: next!.id }, data: { issuedAt: new Date(Date.now() - 60_000) } });
    await recordVote(annotator.id, { battleId: next!.id, winner: "tie" });
    expect((await db.vote.findUniqueOrThrow({ where: { battleId: next!.id } })).timeTakenMs).toBeGreaterThanOrEqual(60_000);
  });

  it("answers a replayed vote the same way and keeps one row", async () => {
    const annotator = await makeUser();
    const view = await issueBattle(annotator);
    const first = await recordVote(annotator.id, { battleId: view!.id, winner: "model_b" });
    const second = await recordVote(annotator.id, { battleId: view!.id, winner: "model_b" });
    expect({ ...second, replayed: false }).toEqual(first);
    expect(second.replayed).toBe(true);
    expect(await db.vote.count()).toBe(1);
  });

  it("records concurrent duplicate submissions (a double click) once", async () => {
    const annotator = await makeUser();
    const view = await issueBattle(annotator);
    const results = await Promise.all(Array.from({ length: 8 }, () => recordVote(annotator.id, { battleId: view!.id, winner: "tie" })));
    expect(results.every((r) => r.winner === "tie")).toBe(true);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await db.vote.count()).toBe(1);
  });

  it("refuses to change a recorded vote", async () => {
    const annotator = await makeUser();
    const view = await issueBattle(annotator);
    await recordVote(annotator.id, { battleId: view!.id, winner: "model_a" });
    const error = await rejection(recordVote(annotator.id, { battleId: view!.id, winner: "model_b" }));
    expect(error).toMatchObject({ status: 409, code: "already_voted" });
    expect((await db.vote.findFirstOrThrow()).winner).toBe("model_a");
  });

  it("refuses a forged battle id and someone else's battle, writing nothing", async () => {
    const owner = await makeUser();
    const intruder = await makeUser();
    const view = await issueBattle(owner);
    expect(await rejection(recordVote(intruder.id, { battleId: view!.id, winner: "model_a" }))).toMatchObject({ status: 404 });
    expect(await rejection(recordVote(owner.id, { battleId: "00000000-0000-4000-8000-000000000000", winner: "model_a" }))).toMatchObject({ status: 404 });
    expect(await db.vote.count()).toBe(0);
  });

  it("refuses an invalid winner or a malformed id with a validation error", async () => {
    const annotator = await makeUser();
    const view = await issueBattle(annotator);
    const badWinner = await rejection(recordVote(annotator.id, { battleId: view!.id, winner: "model_c" as "tie" }));
    expect(badWinner.name).toBe("ZodError");
    const badId = await rejection(recordVote(annotator.id, { battleId: "42", winner: "tie" }));
    expect(badId.name).toBe("ZodError");
    expect(await db.vote.count()).toBe(0);
  });

  it("refuses an expired battle and a skipped one", async () => {
    const annotator = await makeUser();
    const view = await issueBattle(annotator);
    await db.battle.update({ where: { id: view!.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await rejection(recordVote(annotator.id, { battleId: view!.id, winner: "tie" }))).toMatchObject({ status: 410, code: "battle_expired" });

    const next = await issueBattle(annotator);
    expect(next!.id).not.toBe(view!.id);
    await skipBattle(annotator.id, next!.id);
    expect(await rejection(recordVote(annotator.id, { battleId: next!.id, winner: "tie" }))).toMatchObject({ status: 409, code: "battle_skipped" });
    expect(await db.vote.count()).toBe(0);
    // A skipped battle is not issued again.
    const third = await issueBattle(annotator);
    expect(third!.id).not.toBe(next!.id);
  });
});

describe("skip and vote on the same battle", () => {
  beforeEach(async () => {
    await resetData();
    await importMiniSet();
  });

  it("lets exactly one of a concurrent skip and vote win, every time", async () => {
    const rounds = 40;
    let votesWon = 0;
    let skipsWon = 0;
    for (let round = 0; round < rounds; round++) {
      const annotator = await makeUser();
      const view = (await issueBattle(annotator))!;
      // Both requests start together; which one Postgres serves first varies from round to round.
      const [skip, vote] = await Promise.allSettled([skipBattle(annotator.id, view.id), recordVote(annotator.id, { battleId: view.id, winner: "model_a" })]);
      const battle = await db.battle.findUniqueOrThrow({ where: { id: view.id }, include: { vote: true } });
      const fulfilled = [skip, vote].filter((r) => r.status === "fulfilled");
      expect(fulfilled, `round ${round}: skip ${skip.status}, vote ${vote.status}`).toHaveLength(1);
      const loser = [skip, vote].find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(loser.reason).toMatchObject({ status: 409, code: skip.status === "fulfilled" ? "battle_skipped" : "already_voted" });
      if (skip.status === "fulfilled") {
        skipsWon++;
        expect(battle.skippedAt).not.toBeNull();
        expect(battle.vote).toBeNull();
      } else {
        votesWon++;
        expect(battle.skippedAt).toBeNull();
        expect(battle.vote?.winner).toBe("model_a");
        // The winning vote still answers a repeat with the same receipt.
        const repeat = await recordVote(annotator.id, { battleId: view.id, winner: "model_a" });
        expect(repeat).toMatchObject({ battleId: view.id, winner: "model_a", replayed: true });
      }
    }
    expect(votesWon + skipsWon).toBe(rounds);
  });
});
