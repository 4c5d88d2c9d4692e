import "server-only";
import type { NextAuthOptions } from "next-auth";
import type { Provider } from "next-auth/providers/index";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { randomUUID } from "node:crypto";
import { endSession, sessionMaxAgeSeconds } from "@/lib/server/auth/end-session";
import { userForSession } from "@/lib/server/auth/session";
import { sessionClaim } from "@/lib/server/auth/session-cookie";
import { verifyCredentials } from "@/lib/server/users/verify-credentials";
import { findOrCreateOAuthUser } from "@/lib/server/users/find-or-create-oauth-user";
import { applySavedLocale } from "@/lib/server/users/saved-locale";
import { env } from "@/lib/server/env";

// OAuth is off unless its keys are set; email + password always works.
function oauthProviders(): Provider[] {
  const providers: Provider[] = [];
  const githubId = env("GITHUB_ID");
  const githubSecret = env("GITHUB_SECRET");
  if (githubId && githubSecret) providers.push(GitHubProvider({ clientId: githubId, clientSecret: githubSecret }));
  return providers;
}

export function oauthProviderNames(): string[] {
  return oauthProviders().map((p) => p.name);
}

// Thrown when next-auth would re-issue the cookie of a session that has ended (signed out, account
// disabled): next-auth then clears the cookie and answers an empty session.
class SessionEndedError extends Error {
  constructor() {
    super("The session has ended.");
    this.name = "SessionEndedError";
  }
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      authorize: (credentials) => verifyCredentials(credentials),
    }),
    ...oauthProviders(),
  ],
  callbacks: {
    async signIn({ user, account }) {
      if (account?.provider === "credentials") return true;
      // OAuth users get (or keep) an account by verified email; disabled accounts stay out.
      if (!user.email) return false;
      const local = await findOrCreateOAuthUser(user.email, user.name ?? null);
      return local !== null;
    },
    async jwt({ token, user, account }) {
      if (user) {
        if (account?.provider !== "credentials" && user.email) {
          const local = await findOrCreateOAuthUser(user.email, user.name ?? null);
          if (local) token.sub = local.id;
        } else {
          token.sub = user.id;
        }
        // A new session: its id and sign-in time stay in every cookie next-auth re-issues for it.
        token.sid = randomUUID();
        token.signedInAt = Date.now();
        return token;
      }
      // Re-issuing an existing session's cookie (GET /api/auth/session): only while the session is live,
      // so a signed-out or disabled session's cookie is never refreshed (and next-auth clears it).
      const claim = sessionClaim(token);
      if (!claim || !(await userForSession(claim))) throw new SessionEndedError();
      return token;
    },
    async session({ session, token }) {
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
      return session;
    },
  },
  events: {
    // The user's saved UI language comes along to a new device (lib/server/users/saved-locale.ts).
    // A failure here only leaves the device's language as it was: it must not fail the sign-in.
    async signIn({ user, account }) {
      try {
        await applySavedLocale(account?.provider === "credentials" ? { id: user.id } : { email: user.email });
      } catch (error) {
        console.error("[sign-in] could not apply the saved UI language", error);
      }
    },
    // Signing out ends the session on the server too: the cookie stops working even where a copy of it
    // is kept.
    async signOut({ token }) {
      const claim = sessionClaim(token);
      if (claim) await endSession(claim.sessionId);
    },
  },
  logger: {
    error(code, metadata) {
      if (metadata instanceof Error && metadata.name === "SessionEndedError") return; // expected, not a fault
      console.error(`[next-auth][error][${code}]`, metadata);
    },
  },
};
