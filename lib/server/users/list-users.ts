import "server-only";
import { db } from "@/lib/db";
import { containsText } from "@/lib/server/text-filter";

export const usersPageSize = 50;

// The admin's users page: admins first, then by email, one page at a time, with each one's vote count. `q` narrows
// to accounts whose email or name contains it (any case): with hundreds of annotators, the admin finds one by
// typing, not by scrolling.
export async function listUsers({ page, q }: { page: number; q: string }) {
  const where = q ? { OR: [{ email: containsText(q) }, { name: containsText(q) }] } : {};
  const [total, users] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: [{ role: "desc" }, { email: "asc" }],
      skip: (page - 1) * usersPageSize,
      take: usersPageSize,
      select: {
        id: true, email: true, name: true, role: true, languages: true, disabled: true, createdAt: true,
        passwordHash: true,
        _count: { select: { votes: true } },
      },
    }),
  ]);
  return {
    users: users.map(({ passwordHash, _count, ...user }) => ({
      ...user,
      // OAuth-only accounts have no password; shown so the admin knows how they sign in.
      hasPassword: passwordHash !== null,
      votes: _count.votes,
    })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / usersPageSize)),
  };
}
export type UserRow = Awaited<ReturnType<typeof listUsers>>["users"][number];
