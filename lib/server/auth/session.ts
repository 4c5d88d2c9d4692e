import { Prisma } from "@/lib/generated/prisma/client";
import { sql } from "@/lib/server/sql";
import { readSessionCookie } from "./session-cookie";
import type { Role } from "@/lib/validation/auth";

export type CurrentUser = { id: string; email: string; name: string | null; role: Role; languages: ("ar" | "en")[]; uiLocale: string };

// The session only names the user; role and disabled state are read fresh from the database
// on every request, so a role change or a disabled account takes effect at once. Sessions that began
// before the account was last disabled stay ended when it is enabled again (sessions_valid_from).
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const claim = await readSessionCookie();
  if (!claim || !isUuid(claim.userId)) return null;
  const [user] = await sql<CurrentUser & { disabled: boolean; valid_from_ms: number | null }>(Prisma.sql`
    SELECT id::text, email, name, role::text, languages::text[] AS languages, ui_locale AS "uiLocale", disabled,
           (extract(epoch FROM sessions_valid_from) * 1000)::float8 AS valid_from_ms
    FROM users WHERE id = ${claim.userId}::uuid`);
  if (!user || user.disabled) return null;
  if (user.valid_from_ms !== null && claim.issuedAtMs < user.valid_from_ms) return null;
  const { disabled: _disabled, valid_from_ms: _validFrom, ...rest } = user;
  return rest;
}

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export function hasRole(user: CurrentUser, allowed: readonly Role[]): boolean {
  return allowed.includes(user.role);
}
