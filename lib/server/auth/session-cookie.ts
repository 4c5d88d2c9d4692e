import "server-only";
import { cookies } from "next/headers";
import { RequestCookies } from "next/dist/server/web/spec-extension/cookies";
import { decode, getToken } from "next-auth/jwt";

// sessionId and signedInAtMs are set once at sign-in (lib/server/auth/options.ts) and carried unchanged
// when next-auth re-issues the cookie, so a re-issued cookie is still the same session, signed in at the
// same moment: signing out ends it (revoked_sessions), and disabling the account ends it for good.
export type SessionClaim = { userId: string; sessionId: string; signedInAtMs: number };

// Who the session cookie names, and since when: next-auth's JWT, decrypted and checked for expiry.
// This is what getServerSession does before it runs the whole sign-in machinery (and re-encrypts the
// cookie); on the vote loop that machinery cost more than the vote itself. Given the request, its Cookie
// header is read (the vote loop's routes are also served outside Next's request scope: scripts/app-server.ts).
export async function readSessionCookie(request?: Request): Promise<SessionClaim | null> {
  const store = await cookieStore(request);
  if (!store) return null;
  // raw: the cookie's value (joined if next-auth split it into chunks), not yet decrypted.
  const token = await getToken({ req: { cookies: store, headers: {} } as unknown as Parameters<typeof getToken>[0]["req"], raw: true });
  if (!token) return null;
  const known = decrypted.get(token);
  if (known) {
    if (known.expiresAtMs > Date.now()) return known.claim;
    decrypted.delete(token);
    return null;
  }
  try {
    const payload = await decode({ token, secret: process.env.NEXTAUTH_SECRET ?? "" });
    const claim = sessionClaim(payload);
    if (!claim || typeof payload?.exp !== "number") return null;
    remember(token, { claim, expiresAtMs: payload.exp * 1000 });
    return claim;
  } catch {
    return null; // a forged, expired or foreign cookie is no session
  }
}

async function cookieStore(request?: Request) {
  if (!request) return cookies(); // pages and actions: Next's request scope
  if (request.headers.has("cookie")) return new RequestCookies(request.headers);
  // No Cookie header: no session, unless the caller's scope supplies cookies (the integration tests hand a
  // session to route handlers through a mocked cookies()); outside any scope (scripts/app-server.ts) none.
  try {
    return await cookies();
  } catch {
    return null;
  }
}

// Decrypting the token (an HKDF key derivation and AES-GCM) gives the same answer for every request of
// one session, so successful decryptions are remembered by token (only tokens that decrypted with our
// secret, so a flood of forged cookies cannot fill it); the expiry is still checked on every request.
type Remembered = { claim: SessionClaim; expiresAtMs: number };
const decrypted = new Map<string, Remembered>();
const maxRemembered = 20_000;

function remember(token: string, entry: Remembered) {
  if (decrypted.size >= maxRemembered) decrypted.delete(decrypted.keys().next().value!); // oldest first
  decrypted.set(token, entry);
}

// The session a decoded token stands for; a token without a session id or sign-in time (issued before
// sessions had them) is no session.
export function sessionClaim(token: { sub?: unknown; sid?: unknown; signedInAt?: unknown } | null | undefined): SessionClaim | null {
  if (typeof token?.sub !== "string" || typeof token.sid !== "string" || typeof token.signedInAt !== "number") return null;
  return { userId: token.sub, sessionId: token.sid, signedInAtMs: token.signedInAt };
}
