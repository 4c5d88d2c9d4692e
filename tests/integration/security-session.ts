// A real signed-in session for integration tests of routes and server actions: signInAs(userId)
// encrypts a next-auth JWT naming the user and a new session (as the sign-in callback would), and the mocked
// `next/headers` cookies() hands it to whatever reads the session, so the real session decoding and
// the real getCurrentUser (role and disabled state from the database) run.
//
// In a test file:
//   vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";

process.env.NEXTAUTH_SECRET ??= "integration-test-secret";
const cookieName = "next-auth.session-token";

const state: { userId: string | null; token: string | null } = { userId: null, token: null };
// One cookie per user, issued once: switching back to a user presents the very same session.
const issued = new Map<string, string>();

// One cookie per user, reused across calls (as a browser keeps it); `fresh` signs in anew.
export async function signInAs(userId: string | null, { fresh = false } = {}): Promise<void> {
  state.userId = userId;
  if (userId && (fresh || !issued.has(userId))) issued.set(userId, await encode({ token: { sub: userId, sid: randomUUID(), signedInAt: Date.now() }, secret: process.env.NEXTAUTH_SECRET! }));
  state.token = userId ? issued.get(userId)! : null;
}

function cookieStore() {
  const all = state.token ? [{ name: cookieName, value: state.token }] : [];
  return {
    getAll: () => all,
    get: (name: string) => all.find((c) => c.name === name),
    has: (name: string) => all.some((c) => c.name === name),
  };
}

export function nextHeadersMock() {
  return {
    cookies: async () => cookieStore(),
    headers: async () => new Headers(state.token ? { cookie: `${cookieName}=${state.token}` } : {}),
  };
}

// The cookie in use, to present it again later (e.g. an old session after the account changed).
export function currentSession(): Readonly<typeof state> {
  return { ...state };
}

export function useSession(saved: Readonly<typeof state>): void {
  Object.assign(state, saved);
}
