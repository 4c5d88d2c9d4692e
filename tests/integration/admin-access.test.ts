import { beforeEach, describe, expect, it, vi } from "vitest";

// A real session cookie per user (see security-session.ts), so the real session code decides.
vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());

const { signInAs } = await import("./security-session");
const { db } = await import("@/lib/db");
const adminActions = await import("@/lib/actions/admin");
const { makeUser, resetData } = await import("../helpers/fixtures");

// Every server action exported by the admin actions module, found at test time: a new action is
// covered without editing this table.
const actions = Object.entries(adminActions).filter(([, value]) => typeof value === "function") as [string, (input: unknown) => Promise<{ ok: boolean; error?: { code: string } }>][];

describe("admin server actions: access", () => {
  beforeEach(async () => {
    await resetData();
    await signInAs(null);
  });

  it("finds the admin actions", () => {
    expect(actions.map(([name]) => name)).toEqual(expect.arrayContaining(["renameModelAction", "createUserAction", "changeUserRoleAction", "createCampaignAction"]));
  });

  it.each(actions.map(([name, action]) => [name, action] as const))("%s refuses anonymous, annotator, researcher and disabled admins", async (_name, action) => {
    const target = await makeUser("annotator");
    // Input that would be valid enough to reach the use case, so a missing check would show.
    const input = { userId: target.id, modelId: target.id, campaignId: target.id, role: "admin", disabled: true, languages: ["ar"] };

    await signInAs(null);
    expect(await action(input)).toMatchObject({ ok: false, error: { code: "unauthorized" } });

    for (const role of ["annotator", "researcher"] as const) {
      await signInAs((await makeUser(role)).id);
      expect(await action(input)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }

    const disabledAdmin = await makeUser("admin");
    await db.user.update({ where: { id: disabledAdmin.id }, data: { disabled: true } });
    await signInAs(disabledAdmin.id);
    expect(await action(input)).toMatchObject({ ok: false, error: { code: "unauthorized" } });

    expect(await db.auditLog.count()).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("annotator");
  });

  it("validates input before running the use case, with field errors", async () => {
    await signInAs((await makeUser("admin")).id);
    const result = await adminActions.createUserAction({ email: "not-an-email", role: "king", languages: [] });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    if (result.ok) throw new Error("unreachable");
    expect(Object.keys(result.error.fieldErrors ?? {})).toEqual(expect.arrayContaining(["email", "role", "languages"]));
  });

  it("a role change takes effect on the very next action", async () => {
    const first = await makeUser("admin");
    const second = await makeUser("admin");
    await signInAs(first.id);
    expect(await adminActions.changeUserRoleAction({ userId: second.id, role: "researcher" })).toMatchObject({ ok: true });
    await signInAs(second.id);
    expect(await adminActions.changeUserRoleAction({ userId: first.id, role: "annotator" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    await signInAs(first.id);
    expect(await adminActions.changeUserRoleAction({ userId: second.id, role: "admin" })).toMatchObject({ ok: true });
    await signInAs(second.id);
    expect(await adminActions.setUserLanguagesAction({ userId: first.id, languages: ["ar"] })).toMatchObject({ ok: true });
  });

  it("a disabled admin's next action is refused as signed out", async () => {
    const first = await makeUser("admin");
    const second = await makeUser("admin");
    await signInAs(first.id);
    expect(await adminActions.setUserDisabledAction({ userId: second.id, disabled: true })).toMatchObject({ ok: true });
    await signInAs(second.id);
    expect(await adminActions.setUserDisabledAction({ userId: first.id, disabled: true })).toMatchObject({ ok: false, error: { code: "unauthorized" } });
  });
});
