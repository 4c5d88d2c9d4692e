import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { expectPageFitsWidth, screenTests } from "./helpers/screens";
import { createTestUser, query } from "./helpers/db";
import { signIn, signInThroughForm } from "./helpers/session";

// A model of our own (no responses, so it never enters battles): renaming or hiding it cannot
// disturb the other specs running against the same database.
async function createSpareModel() {
  const key = `spare-${randomBytes(3).toString("hex")}`;
  await query(`INSERT INTO models (id, key, display_name) VALUES (gen_random_uuid(), $1, $1)`, [key]);
  return key;
}

// An inactive campaign over every prompt set and model, so its progress shows the demo votes.
async function createCampaign(name: string): Promise<string> {
  const [campaign] = await query<{ id: string }>(
    `INSERT INTO campaigns (id, name, target_votes, gold_rate, overlap_rate) VALUES (gen_random_uuid(), $1, 300, 0.05, 0.1) RETURNING id`,
    [name],
  );
  await query(`INSERT INTO campaign_prompt_sets (campaign_id, prompt_set_id) SELECT $1::uuid, id FROM prompt_sets`, [campaign!.id]);
  await query(`INSERT INTO campaign_models (campaign_id, model_id) SELECT $1::uuid, id FROM models WHERE NOT key LIKE 'spare-%'`, [campaign!.id]);
  return campaign!.id;
}

async function auditActions(actorEmail: string): Promise<string[]> {
  const rows = await query<{ action: string }>(
    `SELECT a.action FROM audit_log a JOIN users u ON u.id = a.actor_id WHERE u.email = $1 ORDER BY a.created_at`,
    [actorEmail],
  );
  return rows.map((r) => r.action);
}

test.describe("admin management", () => {
  test("models: rename, hide and restore, each audited", async ({ page }) => {
    const admin = await createTestUser("admin");
    const key = await createSpareModel();
    await signIn(page, admin, "/admin/models");
    const row = page.getByTestId(`model-${key}`);
    // Typed before the list hydrates, the text never reaches React's state and Rename stays disabled:
    // type again until it counts.
    await expect(async () => {
      await row.getByRole("textbox").fill(`${key} renamed`);
      await expect(row.getByRole("button", { name: "Rename" })).toBeEnabled({ timeout: 1_000 });
    }).toPass();
    await row.getByRole("button", { name: "Rename" }).click();
    await expect.poll(async () => (await query<{ display_name: string }>("SELECT display_name FROM models WHERE key = $1", [key]))[0]?.display_name).toBe(`${key} renamed`);
    await row.getByRole("button", { name: "Hide" }).click();
    await expect(row.getByRole("button", { name: "Hide" })).toHaveAttribute("aria-pressed", "true");
    await row.getByRole("button", { name: "Active" }).click();
    await expect(row.getByRole("button", { name: "Active" })).toHaveAttribute("aria-pressed", "true");
    expect(await auditActions(admin.email)).toEqual(["model.renamed", "model.status_changed", "model.status_changed"]);
  });

  test("users: create with a one-time password, change role, disable ends the session", async ({ page, browser }) => {
    const admin = await createTestUser("admin");
    await signIn(page, admin, "/admin/users");
    const email = `invited-${randomBytes(3).toString("hex")}@e2e.local`;
    const form = page.getByTestId("create-user-form");
    await form.locator('input[name="email"]').fill(email);
    await form.locator('select[name="role"]').selectOption("annotator");
    await form.getByRole("button", { name: "Create user" }).click();
    const password = (await page.getByTestId("one-time-password").innerText()).trim();
    expect(password.length).toBeGreaterThanOrEqual(20);

    // The new user signs in with the handed-over password.
    const other = await browser.newContext();
    const userPage = await other.newPage();
    await signInThroughForm(userPage, { id: "", email, password });

    // The list shows a page at a time (many annotators in this run's database): the admin finds the new account by
    // searching for it.
    await page.getByRole("searchbox", { name: "Find a user" }).fill(email.toUpperCase());
    await page.getByRole("searchbox", { name: "Find a user" }).press("Enter");
    await expect(page).toHaveURL(new RegExp(`/admin/users\\?q=${encodeURIComponent(email.toUpperCase()).replace(/[.]/g, "\\.")}$`));
    // The search is isolated (FSI … PDI) in the sentence, so a right-to-left query cannot reorder the quotes around it.
    await expect(page.getByTestId("users-count")).toHaveText(`1 user matches “\u2068${email.toUpperCase()}\u2069”`);
    const row = page.locator(`[data-testid=user-row][data-email="${email}"]`);
    await expect(page.getByTestId("user-row")).toHaveCount(1);

    // Promote to researcher: the leaderboard opens for them on their next request.
    await row.getByRole("combobox").selectOption("researcher");
    await expect.poll(async () => (await query<{ role: string }>("SELECT role FROM users WHERE email = $1", [email]))[0]?.role).toBe("researcher");
    await userPage.goto("/leaderboard");
    await expect(userPage.getByTestId("forbidden")).toHaveCount(0);

    // Disable: their very next request is signed out.
    page.once("dialog", (dialog) => dialog.accept());
    await row.getByRole("button", { name: "Disable" }).click();
    await expect(row.getByRole("button", { name: "Enable" })).toBeVisible();
    await userPage.goto("/battle");
    await expect(userPage).toHaveURL(/\/signin/);
    await other.close();

    // An admin cannot disable themselves: the button is off.
    await page.goto(`/admin/users?q=${encodeURIComponent(admin.email)}`);
    await expect(page.locator(`[data-testid=user-row][data-email="${admin.email}"]`).getByRole("button", { name: "Disable" })).toBeDisabled();
    expect(await auditActions(admin.email)).toEqual(["user.created", "user.role_changed", "user.disabled"]);
  });

  test("users: a search that matches more than a page pages through its results, keeping the search", async ({ page }) => {
    const tag = `pager-${randomBytes(3).toString("hex")}`;
    await query(
      `INSERT INTO users (id, email, role, languages) SELECT gen_random_uuid(), $1 || '-' || lpad(n::text, 2, '0') || '@e2e.local', 'annotator', '{ar}' FROM generate_series(1, 55) AS n`,
      [tag],
    );
    await signIn(page, await createTestUser("admin"), `/admin/users?q=${tag}`);
    await expect(page.getByTestId("users-count")).toHaveText(`55 users match “\u2068${tag}\u2069”`);
    await expect(page.getByTestId("user-row")).toHaveCount(50);
    await expect(page.getByTestId("user-row").first()).toHaveAttribute("data-email", `${tag}-01@e2e.local`);
    const pager = page.getByRole("navigation", { name: "Pages of users" });
    await expect(pager).toContainText("Page 1 of 2");
    await expect(pager.getByRole("link", { name: "Previous" })).toHaveCount(0);

    await pager.getByRole("link", { name: "Next" }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/users\\?q=${tag}&page=2$`));
    await expect(page.getByTestId("user-row")).toHaveCount(5);
    await expect(page.getByTestId("user-row").last()).toHaveAttribute("data-email", `${tag}-55@e2e.local`);
    await expect(pager).toContainText("Page 2 of 2");
    await expect(pager.getByRole("link", { name: "Next" })).toHaveCount(0);
    await pager.getByRole("link", { name: "Previous" }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/users\\?q=${tag}$`));
    await expect(page.getByTestId("user-row")).toHaveCount(50);
  });

  test("campaigns: create, switch on and off, see progress; the audit log lists it all", async ({ page }) => {
    const admin = await createTestUser("admin");
    await signIn(page, admin, "/admin/campaigns/new");
    const name = `E2E ${randomBytes(3).toString("hex")}`;
    const form = page.getByTestId("campaign-form");
    await form.locator('input[name="name"]').fill(name);
    await form.locator('input[name="targetVotes"]').fill("25");
    await form.locator('input[name="goldRate"]').fill("0");
    await form.locator('input[name="overlapRate"]').fill("0");
    // Submitting with nothing chosen shows the translated field errors.
    await form.getByRole("button", { name: "Create campaign" }).click();
    await expect(form.getByText("Choose at least one prompt set.")).toBeVisible();
    // Every prompt set and every model, gold and overlap rates left at 0: while this campaign is switched
    // on, annotators everywhere get battles only from active campaigns (issue-battle.ts), so the specs
    // running alongside must keep being offered the same battles they would get with no campaign on.
    for (const box of await form.locator('input[name="promptSetIds"]').all()) await box.check();
    for (const box of await form.locator('input[name="modelIds"]').all()) await box.check();
    await form.getByRole("button", { name: "Create campaign" }).click();
    await expect(page).toHaveURL(/\/admin\/campaigns\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("campaign-progress")).toBeVisible();

    const toggle = page.getByRole("switch");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-checked", "false");

    await page.getByTestId("admin-nav").getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByTestId("audit-table")).toBeVisible();
    await page.locator('select[name="action"]').selectOption("campaign.created");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/action=campaign.created/);
    const rows = page.getByTestId("audit-row");
    // Specs running alongside create campaigns too: this admin's entry, not necessarily the newest.
    await expect(rows.filter({ hasText: admin.email })).toHaveCount(1);
    for (const action of await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-action")))) expect(action).toBe("campaign.created");
    expect(await auditActions(admin.email)).toEqual(["campaign.created", "campaign.activated", "campaign.deactivated"]);
  });
});

screenTests("admin screenshots", async ({ page }, { locale, viewport, shot }) => {
  const campaignId = await createCampaign(`Ramadan ${locale} ${viewport.name} ${randomBytes(2).toString("hex")}`);
  await signIn(page, await createTestUser("admin"), "/admin");
  const pages: [string, string][] = [
    ["overview", "/admin"],
    ["models", "/admin/models"],
    ["users", "/admin/users"],
    ["campaigns", "/admin/campaigns"],
    ["campaign-new", "/admin/campaigns/new"],
    ["campaign", `/admin/campaigns/${campaignId}`],
    ["audit", "/admin/audit"],
  ];
  for (const [name, url] of pages) {
    await page.goto(url);
    await expect(page.getByTestId("admin-nav")).toBeVisible();
    // Nothing scrolls sideways, whatever the names (hostile.spec.ts leaves long ones without spaces behind).
    await expectPageFitsWidth(page, viewport.width);
    await shot(`admin-${name}`);
    // Long pages: also the first screen, as a person lands on it.
    if (name === "users") await shot(`admin-${name}-top`, { fullPage: false });
  }
});
