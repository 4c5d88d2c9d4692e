import type { NextAuthOptions } from "next-auth";
import type { Provider } from "next-auth/providers/index";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { verifyCredentials } from "@/lib/server/users/verify-credentials";
import { findOrCreateOAuthUser } from "@/lib/server/users/find-or-create-oauth-user";

// OAuth is off unless its keys are set; email + password always works.
function oauthProviders(): Provider[] {
  const providers: Provider[] = [];
  if (process.env.GITHUB_ID && process.env.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: process.env.GITHUB_ID, clientSecret: process.env.GITHUB_SECRET }));
  }
  return providers;
}

export function oauthProviderNames(): string[] {
  return oauthProviders().map((p) => p.name);
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 60 * 60 * 24 * 7 },
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
      if (user && account?.provider !== "credentials" && user.email) {
        const local = await findOrCreateOAuthUser(user.email, user.name ?? null);
        if (local) token.sub = local.id;
      } else if (user) {
        token.sub = user.id;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
      return session;
    },
  },
};
