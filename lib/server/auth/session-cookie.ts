import { cookies } from "next/headers";
import { getToken } from "next-auth/jwt";

// Who the session cookie names: next-auth's JWT, decrypted and checked for expiry. This is what
// getServerSession does before it runs the whole sign-in machinery (and re-encrypts the cookie); on
// the vote loop that machinery cost more than the vote itself, and the app needs only the user id.
export async function sessionUserId(): Promise<string | null> {
  const store = await cookies();
  try {
    const token = await getToken({ req: { cookies: store, headers: {} } as unknown as Parameters<typeof getToken>[0]["req"] });
    return typeof token?.sub === "string" ? token.sub : null;
  } catch {
    return null; // a forged, expired or foreign cookie is no session
  }
}
