import bcrypt from "bcryptjs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { verifyCredentials } from "@/lib/server/users/verify-credentials";
import { hashPassword, passwordHashRounds } from "@/lib/server/users/create-user";
import { resetData } from "../helpers/fixtures";

// Sign-in must not tell which emails have accounts: an unknown email, a wrong password, a disabled
// account and a password-less (OAuth) account all give the same answer after the same work
// (exactly one bcrypt comparison against a hash of the same cost).
describe("sign-in is not an oracle for which emails exist", () => {
  const password = "correct horse battery";
  beforeEach(async () => {
    await resetData();
    const passwordHash = await hashPassword(password);
    await db.user.create({ data: { email: "known@test.local", passwordHash } });
    await db.user.create({ data: { email: "disabled@test.local", passwordHash, disabled: true } });
    await db.user.create({ data: { email: "oauth-only@test.local" } });
  });
  afterEach(() => vi.restoreAllMocks());

  const failures = [
    ["an unknown email", { email: "nobody@test.local", password }],
    ["a wrong password", { email: "known@test.local", password: "wrong password" }],
    ["a disabled account", { email: "disabled@test.local", password }],
    ["an account without a password", { email: "oauth-only@test.local", password }],
  ] as const;

  it.each(failures)("%s: null after exactly one bcrypt comparison of the same cost", async (_label, credentials) => {
    const compare = vi.spyOn(bcrypt, "compare");
    expect(await verifyCredentials(credentials)).toBeNull();
    expect(compare).toHaveBeenCalledTimes(1);
    const hash = compare.mock.calls[0]![1] as string;
    expect(bcrypt.getRounds(hash)).toBe(passwordHashRounds);
  });

  it("accepts the right password (so the above are real refusals)", async () => {
    const user = await verifyCredentials({ email: "Known@Test.local ", password });
    expect(user?.email).toBe("known@test.local");
  });
});
