import "server-only";
import { db } from "@/lib/db";

// All accounts for the admin's users page, admins first, then by email; with each one's vote count.
export async function listUsers() {
  const users = await db.user.findMany({
    orderBy: [{ role: "desc" }, { email: "asc" }],
    select: {
      id: true, email: true, name: true, role: true, languages: true, disabled: true, createdAt: true,
      passwordHash: true,
      _count: { select: { votes: true } },
    },
  });
  return users.map(({ passwordHash, _count, ...user }) => ({
    ...user,
    // OAuth-only accounts have no password; shown so the admin knows how they sign in.
    hasPassword: passwordHash !== null,
    votes: _count.votes,
  }));
}
export type UserRow = Awaited<ReturnType<typeof listUsers>>[number];
