import "server-only";
import { db } from "@/lib/db";
import type { AuditAction } from "@/lib/validation/admin";

export const auditPageSize = 25;

// Newest first, one page at a time, optionally only one kind of action.
export async function listAuditLog({ page, action }: { page: number; action?: AuditAction }) {
  const where = action ? { action } : {};
  const [total, entries] = await Promise.all([
    db.auditLog.count({ where }),
    db.auditLog.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * auditPageSize,
      take: auditPageSize,
      select: { id: true, action: true, target: true, details: true, createdAt: true, actor: { select: { email: true } } },
    }),
  ]);
  return { entries, total, page, pageCount: Math.max(1, Math.ceil(total / auditPageSize)) };
}
