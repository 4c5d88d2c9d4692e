import "server-only";
import { redirect } from "next/navigation";
import { getCurrentUser, hasRole, type CurrentUser } from "./session";
import type { Role } from "@/lib/validation/auth";

export type PageAccess = { user: CurrentUser; allowed: true } | { user: CurrentUser; allowed: false };

// For pages: anonymous visitors go to sign-in; signed-in users without the role get a 403 page.
export async function guardPage(allowed: readonly Role[], from: string): Promise<PageAccess> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(from)}`);
  return { user, allowed: hasRole(user, allowed) } as PageAccess;
}
