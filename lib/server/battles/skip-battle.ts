import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/server/errors";
import { sqlTransaction } from "@/lib/server/sql";

// A skipped battle is never shown again and cannot be voted on.
//
// Skip and vote exclude each other: both lock the battle row (FOR NO KEY UPDATE here, the vote's insert
// in record-vote.ts likewise) before deciding. Under READ COMMITTED the check for a vote below runs after
// the lock is granted, in a fresh snapshot, so it sees a vote committed by a request that held the lock
// first; a vote waiting behind this skip re-reads skipped_at once the skip commits and inserts nothing.
// Without the lock both succeeded: the vote's foreign key takes only a KEY SHARE lock, which an update of
// skipped_at does not wait for.
export async function skipBattle(userId: string, battleId: string): Promise<void> {
  await sqlTransaction(async (run) => {
    const [battle] = await run<{ annotator_id: string; skipped: boolean }>(Prisma.sql`
      SELECT annotator_id::text, skipped_at IS NOT NULL AS skipped FROM battles WHERE id = ${battleId}::uuid FOR NO KEY UPDATE`);
    if (!battle || battle.annotator_id !== userId) throw new AppError(404, "battle_not_found", "No such battle was issued to you.");
    const voted = await run<{ one: number }>(Prisma.sql`SELECT 1 AS one FROM votes WHERE battle_id = ${battleId}::uuid`);
    if (voted.length > 0) throw new AppError(409, "already_voted", "This battle already has your vote.");
    if (!battle.skipped) await run(Prisma.sql`UPDATE battles SET skipped_at = now() AT TIME ZONE 'UTC' WHERE id = ${battleId}::uuid`);
  });
}
