import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser } from "@/lib/server/users/create-user";
import { verifyCredentials } from "@/lib/server/users/verify-credentials";
import { resetData } from "../helpers/fixtures";

describe("users and credentials", () => {
  beforeEach(resetData);

  it("stores a bcrypt hash, never the password, and verifies it", async () => {
    await createUser({ email: "Admin@Example.org", password: "correct horse", role: "admin" });
    const row = await db.user.findUniqueOrThrow({ where: { email: "admin@example.org" } });
    expect(row.passwordHash).toMatch(/^\$2[aby]\$10\$/);
    expect(row.passwordHash).not.toContain("correct horse");
    expect(await verifyCredentials({ email: "admin@example.org", password: "correct horse" })).toMatchObject({ role: "admin" });
    expect(await verifyCredentials({ email: "admin@example.org", password: "wrong" })).toBeNull();
    expect(await verifyCredentials({ email: "nobody@example.org", password: "correct horse" })).toBeNull();
  });

  it("refuses disabled users, duplicate emails and short passwords", async () => {
    await createUser({ email: "a@example.org", password: "longenough" });
    await db.user.update({ where: { email: "a@example.org" }, data: { disabled: true } });
    expect(await verifyCredentials({ email: "a@example.org", password: "longenough" })).toBeNull();
    await expect(createUser({ email: "a@example.org", password: "longenough" })).rejects.toMatchObject({ status: 409 });
    await expect(createUser({ email: "b@example.org", password: "short" })).rejects.toThrow(/at least 8/);
  });
});
