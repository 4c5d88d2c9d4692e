import { getServerSession } from "next-auth";
import { db } from "@/lib/db";
import { authOptions } from "./options";
import type { Role } from "@/lib/validation/auth";

export type CurrentUser = { id: string; email: string; name: string | null; role: Role; languages: ("ar" | "en")[]; uiLocale: string };

// The session only names the user; role and disabled state are read fresh from the database
// on every request, so a role change or a disabled account takes effect at once.
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, languages: true, uiLocale: true, disabled: true },
  });
  if (!user || user.disabled) return null;
  const { disabled: _disabled, ...rest } = user;
  return rest;
}

export function hasRole(user: CurrentUser, allowed: readonly Role[]): boolean {
  return allowed.includes(user.role);
}
