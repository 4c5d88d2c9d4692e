import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/server/errors";
import { voteSchema, type VoteInput, type WinnerChoice } from "@/lib/validation/vote";

export type VoteReceipt = {
  battleId: string;
  winner: WinnerChoice;
  modelA: string;
  modelB: string;
  // True when this request repeated a vote that was already recorded.
  replayed: boolean;
};

const notIssued = () => new AppError(404, "battle_not_found", "No such battle was issued to you.");

async function receiptFor(battleId: string, replayed: boolean): Promise<VoteReceipt> {
  const battle = await db.battle.findUniqueOrThrow({
    where: { id: battleId },
    select: { modelA: { select: { displayName: true } }, modelB: { select: { displayName: true } }, vote: { select: { winner: true } } },
  });
  return { battleId, winner: battle.vote!.winner, modelA: battle.modelA.displayName, modelB: battle.modelB.displayName, replayed };
}

// Accepts a vote only for a battle the server issued to this annotator, unexpired and unskipped,
// exactly once. A repeat of the same vote answers with the same receipt; the row is committed
// before this returns, so an acknowledged vote is never lost.
export async function recordVote(annotatorId: string, raw: VoteInput): Promise<VoteReceipt> {
  const input = voteSchema.parse(raw);
  const battle = await db.battle.findUnique({
    where: { id: input.battleId },
    select: {
      id: true, annotatorId: true, promptId: true, modelAId: true, modelBId: true, issuedAt: true, expiresAt: true, skippedAt: true,
      prompt: { select: { language: true } },
      vote: { select: { winner: true } },
      // Read now so the receipt needs no second query after the insert (the vote hot path).
      modelA: { select: { displayName: true } },
      modelB: { select: { displayName: true } },
    },
  });
  if (!battle || battle.annotatorId !== annotatorId) throw notIssued();
  if (battle.vote) return repeatOf(battle.id, battle.vote.winner, input.winner);
  if (battle.skippedAt) throw new AppError(409, "battle_skipped", "You skipped this battle; it can no longer be voted on.");
  if (battle.expiresAt.getTime() < Date.now()) throw new AppError(410, "battle_expired", "This battle has expired. Load a new one.");

  try {
    await db.vote.create({
      data: {
        battleId: battle.id,
        annotatorId,
        promptId: battle.promptId,
        modelAId: battle.modelAId,
        modelBId: battle.modelBId,
        language: battle.prompt.language,
        winner: input.winner,
        reason: input.reason,
        timeTakenMs: input.timeTakenMs ?? Math.max(0, Date.now() - battle.issuedAt.getTime()),
      },
    });
  } catch (error) {
    // A concurrent duplicate (double click) lost the race on the unique battle_id.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const existing = await db.vote.findUniqueOrThrow({ where: { battleId: battle.id }, select: { winner: true } });
      return repeatOf(battle.id, existing.winner, input.winner);
    }
    throw error;
  }
  return { battleId: battle.id, winner: input.winner, modelA: battle.modelA.displayName, modelB: battle.modelB.displayName, replayed: false };
}

async function repeatOf(battleId: string, recorded: WinnerChoice, requested: WinnerChoice): Promise<VoteReceipt> {
  if (recorded !== requested) {
    throw new AppError(409, "already_voted", "This battle already has a different vote; votes cannot be changed.");
  }
  return receiptFor(battleId, true);
}
