import "server-only";
import { db } from "@/lib/db";

// How long a session cookie lives after it was last (re-)issued (next-auth's session.maxAge).
export const sessionMaxAgeSeconds = 60 * 60 * 24 * 7;

// Sign-out: the session ends on the server, so the cookie (and any copy of it) stops working at once,
// not when it expires. The row is kept as long as a cookie of this session could still be unexpired:
// one re-issued just before the sign-out lives sessionMaxAgeSeconds more, and none is re-issued after.
// Rows past that are deleted here, so the table holds at most a week of sign-outs.
export async function endSession(sessionId: string): Promise<void> {
  const expiresAt = new Date(Date.now() + sessionMaxAgeSeconds * 1000);
  await db.$transaction([
    db.revokedSession.upsert({ where: { sid: sessionId }, create: { sid: sessionId, expiresAt }, update: { expiresAt } }),
    db.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } }),
  ]);
}
