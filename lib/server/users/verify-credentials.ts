import "server-only";
import bcrypt from "bcryptjs";
import { db } from "@/lib/db";
import { credentialsSchema } from "@/lib/validation/auth";

// A fixed hash compared against when the email is unknown, so response time does not reveal
// which emails have accounts.
const decoyHash = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.9v1Pxq1Yx6fQ3r5QeH9x2K0m5C1e";

export async function verifyCredentials(raw: unknown) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const user = await db.user.findUnique({ where: { email } });
  const ok = await bcrypt.compare(password, user?.passwordHash ?? decoyHash);
  if (!user || !ok || user.disabled) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
