import "server-only";
import { db } from "@/lib/db";

// OAuth sign-ins map to a local account by email; new ones start as annotators.
export async function findOrCreateOAuthUser(email: string, name: string | null) {
  const normalised = email.trim().toLowerCase();
  const user = await db.user.upsert({
    where: { email: normalised },
    update: {},
    create: { email: normalised, name, role: "annotator" },
  });
  return user.disabled ? null : user;
}
