import "server-only";
import { AppError } from "@/lib/server/errors";
import type { Tx } from "@/lib/server/audit/record-audit";

export const lastAdmin = () =>
  new AppError(409, "last_admin", "This is the last active admin. Make another user an admin first.");

// Locks every active admin row (SELECT … FOR UPDATE) and refuses when `userId` is the only one.
// Two concurrent demotions of the only two admins serialise on these locks: the second waits,
// then re-reads the rows, sees one admin left and is refused. Call inside a transaction.
export async function assertNotLastActiveAdmin(tx: Tx, userId: string) {
  const admins = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM users WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE`;
  const isActiveAdmin = admins.some((a) => a.id === userId);
  if (isActiveAdmin && admins.length <= 1) throw lastAdmin();
}
