import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AuditAction } from "@/lib/validation/admin";

// A Prisma transaction client: audit entries are written inside the same transaction as the change
// they describe, so there is never a change without its entry (or an entry without its change).
export type Tx = Prisma.TransactionClient;

export type AuditEntry = {
  actorId: string;
  action: AuditAction;
  // What was acted on, e.g. "user:<id>" or "model:<key>".
  target: string;
  details?: Prisma.InputJsonValue;
};

export async function recordAudit(tx: Tx, entry: AuditEntry) {
  await tx.auditLog.create({
    data: { actorId: entry.actorId, action: entry.action, target: entry.target, details: entry.details },
  });
}
