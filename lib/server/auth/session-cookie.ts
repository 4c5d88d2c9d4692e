import { cookies } from "next/headers";
import { decode, getToken } from "next-auth/jwt";

export type SessionClaim = { userId: string; issuedAtMs: number };

// Who the session cookie names, and since when: next-auth's JWT, decrypted and checked for expiry.
// This is what getServerSession does before it runs the whole sign-in machinery (and re-encrypts the
// cookie); on the vote loop that machinery cost more than the vote itself.
export async function readSessionCookie(): Promise<SessionClaim | null> {
  const store = await cookies();
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
    if (typeof payload?.sub !== "string" || typeof payload.exp !== "number" || typeof payload.iat !== "number") return null;
    const claim = { userId: payload.sub, issuedAtMs: payload.iat * 1000 };
    remember(token, { claim, expiresAtMs: payload.exp * 1000 });
    return claim;
  } catch {
    return null; // a forged, expired or foreign cookie is no session
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
