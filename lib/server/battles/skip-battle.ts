import { db } from "@/lib/db";
import { AppError } from "@/lib/server/errors";

// A skipped battle is never shown again and cannot be voted on.
export async function skipBattle(userId: string, battleId: string): Promise<void> {
  const battle = await db.battle.findUnique({ where: { id: battleId }, select: { annotatorId: true, vote: { select: { id: true } } } });
  if (!battle || battle.annotatorId !== userId) throw new AppError(404, "battle_not_found", "No such battle was issued to you.");
  if (battle.vote) throw new AppError(409, "already_voted", "This battle already has your vote.");
  await db.battle.update({ where: { id: battleId }, data: { skippedAt: new Date() } });
}
