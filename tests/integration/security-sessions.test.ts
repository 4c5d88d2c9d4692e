import { decode, encode, type JWT } from "next-auth/jwt";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// Real session cookies (security-session.ts), read by the real getCurrentUser.
vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());

const { currentSession, signInAs, useSession } = await import("./security-session");
const { db } = await import("@/lib/db");
const { authOptions } = await import("@/lib/server/auth/options");
const { getCurrentUser } = await import("@/lib/server/auth/session");
const { createApiToken, userForApiToken } = await import("@/lib/server/api-tokens/api-tokens");
const { setUserDisabled } = await import("@/lib/server/users/set-user-disabled");
const { makeUser, resetData } = await import("../helpers/fixtures");

const secret = process.env.NEXTAUTH_SECRET!;

// What GET /api/auth/session does with a cookie (next-auth's session route): decode it, run the jwt
// callback, and re-issue the result as a fresh cookie. null when the callback refuses (next-auth then
// clears the cookie instead).
async function reissue(cookie: string): Promise<string | null> {
  const decoded = (await decode({ token: cookie, secret }))!;
  const jwt = authOptions.callbacks!.jwt! as (params: { token: JWT }) => Promise<JWT>;
  try {
    return await encode({ token: await jwt({ token: decoded }), secret });
  } catch {
    return null;
  }
}

// Issue 12 item 5: sign-out ends that session on the server; a disable ends every session and API
// token issued before it, for good.
describe("sessions end on the server", () => {
  beforeEach(async () => {
    await resetData();
  });
  afterEach(async () => {
    await signInAs(null);
  });

  it("signing out ends that session (a kept copy of the cookie stops working), not the user's other sessions", async () => {
    const user = await makeUser("annotator");
    await signInAs(user.id);
    const laptop = currentSession();
    await signInAs(user.id, { fresh: true });
    const phone = currentSession();
    expect((await getCurrentUser())?.id).toBe(user.id);

    // next-auth's POST /api/auth/signout hands the decoded cookie to the signOut event.
    useSession(laptop);
    await authOptions.events!.signOut!({ token: (await decode({ token: laptop.token!, secret }))!, session: undefined as never });
    expect(await getCurrentUser()).toBeNull();
    expect(await reissue(laptop.token!)).toBeNull();
    useSession(phone);
    expect((await getCurrentUser())?.id).toBe(user.id);
  });

  it("a cookie re-issued while the account is disabled is refused, and no cookie from before the disable works after re-enabling", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("annotator");
    await signInAs(user.id);
    const stolen = currentSession().token!;
    const earlier = await reissue(stolen);
    expect(earlier).not.toBeNull();

    await setUserDisabled(admin.id, { userId: user.id, disabled: true });
    expect(await reissue(stolen)).toBeNull();
    await setUserDisabled(admin.id, { userId: user.id, disabled: false });

    // Neither the cookie, nor one re-issued before the disable, nor one re-issued after re-enabling
    // (next-auth gives it a fresh issue time) names a live session.
    for (const cookie of [stolen, earlier!, (await reissue(stolen)) ?? stolen]) {
      useSession({ userId: user.id, token: cookie });
      expect(await getCurrentUser()).toBeNull();
    }
    // Even a cookie minted now with the old session's id and sign-in time (what a re-issue carries).
    const claims = (await decode({ token: stolen, secret }))!;
    useSession({ userId: user.id, token: await encode({ token: { sub: claims.sub, sid: claims.sid, signedInAt: claims.signedInAt }, secret }) });
    expect(await getCurrentUser()).toBeNull();
    // Signing in afresh works.
    await signInAs(user.id, { fresh: true });
    expect((await getCurrentUser())?.id).toBe(user.id);
  });

  it("cookies without a session id (issued before sessions had one) are no session", async () => {
    const user = await makeUser("annotator");
    useSession({ userId: user.id, token: await encode({ token: { sub: user.id }, secret }) });
    expect(await getCurrentUser()).toBeNull();
  });

  it("API tokens issued before a disable stay dead after re-enabling; new ones work", async () => {
    const admin = await makeUser("admin");
    const creator = await makeUser("admin");
    const { token: before } = await createApiToken(creator.id, "before");
    expect((await userForApiToken(before))?.id).toBe(creator.id);
    await setUserDisabled(admin.id, { userId: creator.id, disabled: true });
    expect(await userForApiToken(before)).toBeNull();
    await setUserDisabled(admin.id, { userId: creator.id, disabled: false });
    expect(await userForApiToken(before)).toBeNull();
    const { token: after } = await createApiToken(creator.id, "after");
    expect((await userForApiToken(after))?.id).toBe(creator.id);
  });

  it("sign-outs are pruned once no cookie of theirs can be alive", async () => {
    await db.revokedSession.create({ data: { sid: "00000000-0000-4000-8000-000000000001", expiresAt: new Date(Date.now() - 1000) } });
    const user = await makeUser("annotator");
    await signInAs(user.id);
    await authOptions.events!.signOut!({ token: (await decode({ token: currentSession().token!, secret }))!, session: undefined as never });
    const sid = (await decode({ token: currentSession().token!, secret }))!.sid as string;
    expect(await db.revokedSession.findUnique({ where: { sid: "00000000-0000-4000-8000-000000000001" } })).toBeNull();
    const row = await db.revokedSession.findUniqueOrThrow({ where: { sid } });
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
  });
});
