import { Prisma } from "@/lib/generated/prisma/client";
import { sql } from "@/lib/server/sql";
import { sessionUserId } from "./session-cookie";
import type { Role } from "@/lib/validation/auth";

export type CurrentUser = { id: string; email: string; name: string | null; role: Role; languages: ("ar" | "en")[]; uiLocale: string };

// The session only names the user; role and disabled state are read fresh from the database
// on every request, so a role change or a disabled account takes effect at once.
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const id = await sessionUserId();
  if (!id || !isUuid(id)) return null;
  const [user] = await sql<CurrentUser & { disabled: boolean }>(Prisma.sql`
    SELECT id::text, email, name, role::text, languages::text[] AS languages, ui_locale AS "uiLocale", disabled
    FROM users WHERE id = ${id}::uuid`);
  if (!user || user.disabled) return null;
  const { disabled: _disabled, ...rest } = user;
  return rest;
}

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export function hasRole(user: CurrentUser, allowed: readonly Role[]): boolean {
  return allowed.includes(user.role);
}
