import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { AppError } from "@/lib/server/errors";

// Tokens are shown once; only their sha256 is stored, so a database leak does not leak API access.
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createApiToken(adminId: string, name: string): Promise<{ id: string; token: string }> {
  const token = `arena_${randomBytes(32).toString("base64url")}`;
  const created = await db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({ data: { name, tokenHash: hashApiToken(token), createdById: adminId }, select: { id: true } });
    await recordAudit(tx, { actorId: adminId, action: "apiToken.created", target: `apiToken:${row.id}`, details: { name } });
    return row;
  });
  return { id: created.id, token };
}

export async function revokeApiToken(adminId: string, tokenId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id: tokenId } });
    if (!token) throw new AppError(404, "not_found", "No such API token.");
    if (token.revokedAt) return;
    await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { actorId: adminId, action: "apiToken.revoked", target: `apiToken:${tokenId}`, details: { name: token.name } });
  });
}

export async function listApiTokens() {
  return db.apiToken.findMany({
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true, createdBy: { select: { email: true } } },
  });
}

// The user a bearer token acts for: its creator, who must still be an active researcher or admin.
// Like a session, a token issued before its creator was last disabled stays dead when the account is
// enabled again (sessions_valid_from).
export async function userForApiToken(token: string) {
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: {
      id: true,
      createdAt: true,
      revokedAt: true,
      lastUsedAt: true,
      createdBy: { select: { id: true, email: true, name: true, role: true, languages: true, uiLocale: true, disabled: true, sessionsValidFrom: true } },
    },
  });
  if (!row || row.revokedAt || row.createdBy.disabled) return null;
  if (row.createdBy.sessionsValidFrom && row.createdAt < row.createdBy.sessionsValidFrom) return null;
  // Record use at most once a minute to keep reads cheap.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  const { disabled: _disabled, sessionsValidFrom: _validFrom, ...user } = row.createdBy;
  return user;
}
