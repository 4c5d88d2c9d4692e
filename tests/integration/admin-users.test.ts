import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { adminCreateUser } from "@/lib/server/users/admin-create-user";
import { changeUserRole } from "@/lib/server/users/change-user-role";
import { listUsers, usersPageSize } from "@/lib/server/users/list-users";
import { setUserDisabled } from "@/lib/server/users/set-user-disabled";
import { setUserLanguages } from "@/lib/server/users/set-user-languages";
import { verifyCredentials } from "@/lib/server/users/verify-credentials";
import { userListQuerySchema } from "@/lib/validation/admin";
import { makeUser, resetData } from "../helpers/fixtures";

const activeAdmins = () => db.user.count({ where: { role: "admin", disabled: false } });

describe("admin user management", () => {
  beforeEach(resetData);

  it("creates a user with a generated password shown once, stored only as a hash", async () => {
    const admin = await makeUser("admin");
    const created = await adminCreateUser(admin.id, { email: "New.Annotator@Example.org", role: "annotator", languages: ["ar"] });
    expect(created.generated).toBe(true);
    expect(created.password.length).toBeGreaterThanOrEqual(20);
    const row = await db.user.findUniqueOrThrow({ where: { email: "new.annotator@example.org" } });
    expect(row).toMatchObject({ role: "annotator", languages: ["ar"], disabled: false });
    expect(row.passwordHash).not.toContain(created.password);
    expect(await verifyCredentials({ email: "new.annotator@example.org", password: created.password })).toMatchObject({ role: "annotator" });
  });

  it("creates a user with a given password and refuses a duplicate email", async () => {
    const admin = await makeUser("admin");
    const created = await adminCreateUser(admin.id, { email: "r@example.org", role: "researcher", password: "a-long-passphrase" });
    expect(created).toMatchObject({ generated: false, password: "a-long-passphrase" });
    await expect(adminCreateUser(admin.id, { email: "R@example.org", role: "annotator" })).rejects.toMatchObject({ status: 409, code: "email_taken" });
    await expect(adminCreateUser(admin.id, { email: "s@example.org", role: "annotator", password: "short" })).rejects.toThrow(/at least 8/);
    expect(await db.auditLog.count({ where: { action: "user.created" } })).toBe(1);
  });

  it("never demotes or disables the last active admin", async () => {
    const admin = await makeUser("admin");
    await expect(changeUserRole(admin.id, { userId: admin.id, role: "researcher" })).rejects.toMatchObject({ status: 409, code: "last_admin" });
    const other = await makeUser("admin");
    await db.user.update({ where: { id: other.id }, data: { disabled: true } });
    // A disabled admin does not count as a remaining admin.
    await expect(changeUserRole(other.id, { userId: admin.id, role: "annotator" })).rejects.toMatchObject({ code: "last_admin" });
    const third = await makeUser("admin");
    await expect(setUserDisabled(third.id, { userId: admin.id, disabled: true })).resolves.toMatchObject({ disabled: true });
    await expect(setUserDisabled(admin.id, { userId: third.id, disabled: true })).rejects.toMatchObject({ code: "last_admin" });
    expect(await activeAdmins()).toBe(1);
  });

  it("two concurrent demotions of the only two admins leave one admin", async () => {
    for (let round = 0; round < 5; round++) {
      await resetData();
      const a = await makeUser("admin");
      const b = await makeUser("admin");
      const results = await Promise.allSettled([
        changeUserRole(a.id, { userId: b.id, role: "annotator" }),
        changeUserRole(b.id, { userId: a.id, role: "annotator" }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(rejected.reason).toMatchObject({ code: "last_admin" });
      expect(await activeAdmins()).toBe(1);
    }
  });

  it("a concurrent demotion and disabling of the only two admins leave one admin", async () => {
    const a = await makeUser("admin");
    const b = await makeUser("admin");
    const results = await Promise.allSettled([
      setUserDisabled(a.id, { userId: b.id, disabled: true }),
      changeUserRole(b.id, { userId: a.id, role: "researcher" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await activeAdmins()).toBe(1);
  });

  it("an admin cannot disable themselves, and re-enabling works", async () => {
    const admin = await makeUser("admin");
    await makeUser("admin");
    await expect(setUserDisabled(admin.id, { userId: admin.id, disabled: true })).rejects.toMatchObject({ code: "cannot_disable_self" });
    const annotator = await makeUser("annotator");
    await setUserDisabled(admin.id, { userId: annotator.id, disabled: true });
    await setUserDisabled(admin.id, { userId: annotator.id, disabled: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: annotator.id } })).disabled).toBe(false);
  });

  it("writes one audit entry per change, with who, what, target and details", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser("annotator");
    await changeUserRole(admin.id, { userId: user.id, role: "researcher" });
    await changeUserRole(admin.id, { userId: user.id, role: "researcher" }); // no change, no entry
    await setUserLanguages(admin.id, { userId: user.id, languages: ["en"] });
    await setUserDisabled(admin.id, { userId: user.id, disabled: true });
    await setUserDisabled(admin.id, { userId: user.id, disabled: false });
    const entries = await db.auditLog.findMany({ orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => e.action)).toEqual(["user.role_changed", "user.languages_changed", "user.disabled", "user.enabled"]);
    for (const entry of entries) {
      expect(entry.actorId).toBe(admin.id);
      expect(entry.target).toBe(`user:${user.email}`);
      expect(entry.createdAt).toBeInstanceOf(Date);
    }
    expect(entries[0]!.details).toEqual({ from: "annotator", to: "researcher" });
    expect(entries[1]!.details).toEqual({ from: ["ar", "en"], to: ["en"] });
  });

  it("writes nothing when the change fails", async () => {
    const admin = await makeUser("admin");
    await expect(changeUserRole(admin.id, { userId: admin.id, role: "annotator" })).rejects.toThrow();
    await expect(setUserLanguages(admin.id, { userId: admin.id, languages: [] })).rejects.toThrow();
    expect(await db.auditLog.count()).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("admin");
  });

  it("lists users one page at a time, admins first then by email, and finds them by email or name in any case", async () => {
    await makeUser("admin");
    const annotators = usersPageSize + 7;
    await db.user.createMany({
      data: Array.from({ length: annotators }, (_, i) => ({ email: `a${String(i).padStart(3, "0")}@list.test`, role: "annotator" as const, languages: ["ar" as const] })),
    });
    await db.user.create({ data: { email: "layla@list.test", name: "Layla Haddad", role: "researcher", languages: ["ar"] } });
    await db.user.create({ data: { email: "percent_50%@list.test", role: "annotator", languages: ["en"] } });
    const total = annotators + 3;

    const first = await listUsers({ page: 1, q: "" });
    expect(first).toMatchObject({ total, page: 1, pageCount: Math.ceil(total / usersPageSize) });
    expect(first.users).toHaveLength(usersPageSize);
    expect(first.users.map((u) => u.role).slice(0, 2)).toEqual(["admin", "researcher"]);
    expect(first.users[2]!.email).toBe("a000@list.test");
    const last = await listUsers({ page: first.pageCount, q: "" });
    expect(last.users).toHaveLength(total - usersPageSize * (first.pageCount - 1));
    // Every account is on exactly one page.
    const pages = await Promise.all(Array.from({ length: first.pageCount }, (_, i) => listUsers({ page: i + 1, q: "" })));
    expect(new Set(pages.flatMap((p) => p.users.map((u) => u.id))).size).toBe(total);
    expect((await listUsers({ page: first.pageCount + 1, q: "" })).users).toEqual([]);

    expect((await listUsers({ page: 1, q: "HADDAD" })).users.map((u) => u.email)).toEqual(["layla@list.test"]);
    expect((await listUsers({ page: 1, q: "A05" })).users.map((u) => u.email)).toEqual(["a050@list.test", "a051@list.test", "a052@list.test", "a053@list.test", "a054@list.test", "a055@list.test", "a056@list.test"]);
    // LIKE's wildcards are matched as the characters they are.
    expect((await listUsers({ page: 1, q: "_50%" })).users.map((u) => u.email)).toEqual(["percent_50%@list.test"]);
    expect((await listUsers({ page: 1, q: "%" })).total).toBe(1);
    expect((await listUsers({ page: 1, q: "\\" })).total).toBe(0);
    expect((await listUsers({ page: 1, q: "nobody" })).total).toBe(0);
  });

  it("reads the users page's query string leniently: a bad page number is page 1, the search is trimmed", () => {
    expect(userListQuerySchema.parse({})).toEqual({ page: 1, q: "" });
    expect(userListQuerySchema.parse({ page: "3", q: "  layla " })).toEqual({ page: 3, q: "layla" });
    for (const page of ["0", "-1", "x", "1.5", "99999999999999999999", ["2", "3"]]) expect(userListQuerySchema.parse({ page }).page).toBe(1);
    expect(userListQuerySchema.parse({ q: ["a", "b"] }).q).toBe("");
    expect(userListQuerySchema.parse({ q: "x".repeat(201) }).q).toBe("");
    // Postgres text cannot hold NUL (the query would fail): such a search is no search.
    expect(userListQuerySchema.parse({ q: "a\u0000b" }).q).toBe("");
  });
});
