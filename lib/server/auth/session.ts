import "server-only";
import { cache } from "react";
import { Prisma } from "@/lib/generated/prisma/client";
import { forbidden, unauthorized } from "@/lib/server/errors";
import { sql } from "@/lib/server/sql";
import { readSessionCookie, type SessionClaim } from "./session-cookie";
import type { Role } from "@/lib/validation/auth";

export type CurrentUser = { id: string; email: string; name: string | null; role: Role; languages: ("ar" | "en")[]; uiLocale: string | null };

// The session only names the user: role and disabled state are read fresh from the database on every
// request, so a role change or a disabled account takes effect at once. React's cache() makes that one read
// per server render (the layout's header and the page's guard share it); outside a render (route handlers,
// scripts, tests) it is a plain call.
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const claim = await readSessionCookie();
  return claim ? userForSession(claim) : null;
});

// The same for an API request, from its Cookie header (the vote loop's routes are also served outside Next's
// request scope, where cookies() has nothing: scripts/app-server.ts).
export async function userFromRequest(request: Request): Promise<CurrentUser | null> {
  const claim = await readSessionCookie(request);
  return claim ? userForSession(claim) : null;
}

// The user a session stands for, or null when the session has ended: signed out (its id is in
// revoked_sessions), the account disabled, or signed in before the account was last disabled
// (sessions_valid_from; so enabling the account again revives none of its old sessions). One statement.
export async function userForSession(claim: SessionClaim): Promise<CurrentUser | null> {
  if (!isSessionClaimWellFormed(claim)) return null;
  const [row] = await sql<SessionUserRow>(sessionUserQuery(claim));
  return sessionUser(row);
}

// The same read inside another statement (the vote's first statement reads the session's user with the battle,
// one round trip fewer per vote): use sessionUserQuery() as a CTE, test its `live` column in SQL, and pass its
// row, or undefined when there is none, to sessionUser(). Only for a claim that isSessionClaimWellFormed().
// Whether a session is live is decided once, here, in SQL.
export type SessionUserRow = CurrentUser & { live: boolean };
export const sessionUserQuery = (claim: SessionClaim) => Prisma.sql`
    SELECT u.id, u.email, u.name, u.role, u.languages, u."uiLocale",
           (NOT u.disabled AND NOT u.revoked AND (u.valid_from_ms IS NULL OR ${claim.signedInAtMs}::float8 >= u.valid_from_ms)) AS live
    FROM (SELECT users.id::text, users.email, users.name, users.role::text, users.languages::text[] AS languages, users.ui_locale AS "uiLocale",
                 users.disabled, (extract(epoch FROM users.sessions_valid_from) * 1000)::float8 AS valid_from_ms,
                 EXISTS (SELECT 1 FROM revoked_sessions WHERE sid = ${claim.sessionId}::uuid) AS revoked
          FROM users WHERE users.id = ${claim.userId}::uuid) AS u`;

export function sessionUser(user: SessionUserRow | undefined): CurrentUser | null {
  if (!user?.live) return null;
  const { live: _live, ...rest } = user;
  return rest;
}

export const isSessionClaimWellFormed = (claim: SessionClaim) => isUuid(claim.userId) && isUuid(claim.sessionId) && Number.isFinite(claim.signedInAtMs);

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export function hasRole(user: CurrentUser, allowed: readonly Role[]): boolean {
  return allowed.includes(user.role);
}

/** The check every route, action and the vote statement make: 401 without a live session, 403 for a role not allowed. */
export function assertAllowed(user: CurrentUser | null | undefined, allowed: readonly Role[]): asserts user is CurrentUser {
  if (!user) throw unauthorized();
  if (!hasRole(user, allowed)) throw forbidden();
}
