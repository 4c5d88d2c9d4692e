import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { AppError, notFound } from "@/lib/server/errors";
import { setDisabledSchema } from "@/lib/validation/admin";
import type { z } from "zod";
import { assertNotLastActiveAdmin } from "./admin-guards";

// A disabled user is signed out at once: every request re-reads `disabled` (see getCurrentUser). The
// sessions and API tokens end for good: enabling the account again does not revive a cookie or token
// issued before (a stolen one included; sessions_valid_from is compared with the session's sign-in
// time, which a re-issued cookie keeps, and with the token's creation); the user signs in afresh.
export async function setUserDisabled(actorId: string, raw: z.input<typeof setDisabledSchema>) {
  const input = setDisabledSchema.parse(raw);
  if (input.disabled && input.userId === actorId) {
    throw new AppError(409, "cannot_disable_self", "You cannot disable your own account.");
  }
  return db.$transaction(async (tx) => {
    if (input.disabled) await assertNotLastActiveAdmin(tx, input.userId);
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { email: true, disabled: true } });
    if (!user) throw notFound("User");
    if (user.disabled === input.disabled) return { id: input.userId, disabled: input.disabled };
    await tx.user.update({
      where: { id: input.userId },
      data: input.disabled ? { disabled: true, sessionsValidFrom: new Date() } : { disabled: false },
    });
    await recordAudit(tx, { actorId, action: input.disabled ? "user.disabled" : "user.enabled", target: `user:${user.email}` });
    return { id: input.userId, disabled: input.disabled };
  });
}
