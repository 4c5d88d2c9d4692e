import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { notFound } from "@/lib/server/errors";
import { changeRoleSchema } from "@/lib/validation/admin";
import type { z } from "zod";
import { assertNotLastActiveAdmin } from "./admin-guards";

// Takes effect on the user's next request: the session carries only the id, the role is read fresh.
export async function changeUserRole(actorId: string, raw: z.input<typeof changeRoleSchema>) {
  const input = changeRoleSchema.parse(raw);
  return db.$transaction(async (tx) => {
    if (input.role !== "admin") await assertNotLastActiveAdmin(tx, input.userId);
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { email: true, role: true } });
    if (!user) throw notFound("User");
    if (user.role === input.role) return { id: input.userId, role: input.role };
    await tx.user.update({ where: { id: input.userId }, data: { role: input.role } });
    await recordAudit(tx, { actorId, action: "user.role_changed", target: `user:${user.email}`, details: { from: user.role, to: input.role } });
    return { id: input.userId, role: input.role };
  });
}
