import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { AppError } from "@/lib/server/errors";
import { adminCreateUserSchema, type AdminCreateUserInput } from "@/lib/validation/admin";
import { hashPassword } from "./create-user";

// 18 random bytes in base64url: 24 characters, ~144 bits; no look-alike-free alphabet needed since it is copied.
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

// An admin creates (or "invites": there is no mail server, so the admin hands the password over)
// an account. The password is returned once, here, and only its bcrypt hash is stored.
export async function adminCreateUser(actorId: string, raw: AdminCreateUserInput) {
  const input = adminCreateUserSchema.parse(raw);
  const generated = input.password === undefined;
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, languages: input.languages, passwordHash },
        select: { id: true, email: true, role: true },
      });
      await recordAudit(tx, {
        actorId,
        action: "user.created",
        target: `user:${user.email}`,
        details: { role: input.role, languages: input.languages, passwordGenerated: generated },
      });
      return { ...user, password, generated };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError(409, "email_taken", `A user with email ${input.email} already exists.`);
    }
    throw error;
  }
}
