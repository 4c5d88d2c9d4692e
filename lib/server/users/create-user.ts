import "server-only";
import bcrypt from "bcryptjs";
import { db } from "@/lib/db";
import { newUserSchema, type NewUser } from "@/lib/validation/auth";
import { AppError } from "@/lib/server/errors";

// bcrypt cost 10: ~70 ms per hash in pure JS here, slow enough for stored passwords, fast enough for sign-in.
export const passwordHashRounds = 10;

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, passwordHashRounds);
}

export async function createUser(input: NewUser) {
  const user = newUserSchema.parse(input);
  const existing = await db.user.findUnique({ where: { email: user.email } });
  if (existing) throw new AppError(409, "email_taken", `A user with email ${user.email} already exists.`);
  return db.user.create({
    data: {
      email: user.email,
      name: user.name,
      role: user.role,
      languages: user.languages,
      passwordHash: await hashPassword(user.password),
    },
    select: { id: true, email: true, role: true },
  });
}
