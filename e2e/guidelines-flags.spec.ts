import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createTestUser, query, type TestUser } from "./helpers/db";
import { seriousAccessibilityViolations } from "./helpers/accessibility";
import { setLocale, signIn } from "./helpers/session";

// Issue 14 items 5 and 6 in the browser: a campaign's guidelines before the first battle (ar and en) and
// on demand, reason flags chosen with a tap and with a physical key, and the admin's editor.
//
// Specs run side by side on one database, and a campaign switched on would narrow every annotator's
// battles (and put its guidelines in front of them). So the campaign here stays switched off, and the
// annotator's battle is inserted tagged with it: the battle page resumes an annotator's open battle,
// so the real page, the real acknowledgement route and the real vote route run on it.

const guidelinesEn = "## What better means\n\n1. **Correct** first.\n2. Then *helpful*.\n\nUse **Tie** only when neither is better.";
const guidelinesAr = "## معنى الأفضل\n\n1. **الصحة** أولًا.\n2. ثم *النفع*.\n\nاستعمل **التعادل** فقط حين لا تتفوّق أيٌّ منهما.";
const flags = [
  { key: "factual_error", en: "Factual error", ar: "خطأ في المعلومات" },
  { key: "dialect_not_msa", en: "Dialect where MSA was asked", ar: "عامية بدل الفصحى المطلوبة" },
  { key: "unsafe", en: "Unsafe", ar: "غير آمن" },
];

async function guidedCampaign(): Promise<{ id: string; name: string }> {
  const name = `Guided ${randomBytes(3).toString("hex")}`;
  const [row] = await query<{ id: string }>(
    `INSERT INTO campaigns (id, name, guidelines_ar, guidelines_en, guidelines_updated_at, reason_flags) VALUES (gen_random_uuid(), $1, $2, $3, now(), $4::jsonb) RETURNING id`,
    [name, guidelinesAr, guidelinesEn, JSON.stringify(flags)],
  );
  return { id: row!.id, name };
}

// An open battle for this annotator, tagged with the campaign: a demo prompt in the given language and
// two visible models that answered it.
async function battleIn(campaignId: string, user: TestUser, language: "ar" | "en"): Promise<string> {
  const [pick] = await query<{ prompt_id: string; low: string; high: string }>(
    `SELECT p.id AS prompt_id, r1.model_id AS low, r2.model_id AS high
     FROM prompts p
     JOIN responses r1 ON r1.prompt_id = p.id JOIN responses r2 ON r2.prompt_id = p.id AND r1.model_id < r2.model_id
     JOIN models m1 ON m1.id = r1.model_id AND NOT m1.hidden JOIN models m2 ON m2.id = r2.model_id AND NOT m2.hidden
     WHERE p.language = $1::"Language" ORDER BY p.external_id LIMIT 1`,
    [language],
  );
  const [battle] = await query<{ id: string }>(
    `INSERT INTO battles (id, annotator_id, prompt_id, model_a_id, model_b_id, pair_low_id, pair_high_id, issued_at, expires_at, campaign_id)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $3, $4, now() AT TIME ZONE 'UTC', (now() AT TIME ZONE 'UTC') + interval '1 hour', $5) RETURNING id`,
    [user.id, pick!.prompt_id, pick!.low, pick!.high, campaignId],
  );
  return battle!.id;
}


const viewports = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

for (const locale of ["ar", "en"] as const) {
  test(`guidelines come before the first battle of a campaign, then on demand; flags by tap and key (${locale})`, async ({ page }) => {
    test.setTimeout(240_000);
    const campaign = await guidedCampaign();
    const user = await createTestUser();
    const battleId = await battleIn(campaign.id, user, locale);
    await setLocale(page, locale);
    await signIn(page, user);

    // The guidelines step, in the UI language, instead of the battle.
    const gate = page.getByTestId("guidelines-gate");
    await expect(gate).toBeVisible();
    await expect(page.getByTestId("battle")).toHaveCount(0);
    await expect(gate.getByRole("heading", { level: 1 })).toContainText(campaign.name);
    await expect(gate.getByRole("heading", { level: 2 })).toHaveText(locale === "ar" ? "معنى الأفضل" : "What better means");
    await expect(gate.locator(".markdown h2")).toHaveAttribute("dir", locale === "ar" ? "rtl" : "ltr");
    // Battle keys do nothing until the guidelines are acknowledged.
    await page.keyboard.press("Digit1");
    expect(await query(`SELECT 1 FROM votes WHERE battle_id = $1`, [battleId])).toHaveLength(0);
    expect(await seriousAccessibilityViolations(page, "guidelines step")).toEqual([]);
    await page.getByTestId("guidelines-acknowledge").click();

    await expect(page.locator("[data-testid=battle][data-ready=true]")).toHaveAttribute("data-battle-id", battleId);
    expect(await query(`SELECT 1 FROM guideline_acknowledgements WHERE user_id = $1 AND campaign_id = $2`, [user.id, campaign.id])).toHaveLength(1);

    // On demand: the Guidelines button, by keyboard; Escape closes the dialog and gives focus back.
    const open = page.getByTestId("guidelines-open");
    await open.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByTestId("guidelines-dialog");
    await expect(dialog).toBeVisible();
    await expect(dialog.locator(".markdown h2")).toHaveText(locale === "ar" ? "معنى الأفضل" : "What better means");
    expect(await seriousAccessibilityViolations(page, "guidelines dialog")).toEqual([]);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(open).toBeFocused();

    // A reload does not ask again: the acknowledgement is on the server.
    await page.reload();
    await expect(page.locator("[data-testid=battle][data-ready=true]")).toHaveAttribute("data-battle-id", battleId);
    await expect(page.getByTestId("guidelines-gate")).toHaveCount(0);

    // Flags: labels in the UI language; a tap on A's first flag, then B's second by physical key
    // (the bottom row's second key, X), typed as an Arabic layout would type it.
    const first = page.getByTestId("flag-a-factual_error");
    await expect(first).toContainText(locale === "ar" ? "خطأ في المعلومات" : "Factual error");
    await first.click();
    await expect(first).toHaveAttribute("aria-pressed", "true");
    await page.keyboard.down("KeyX");
    await page.keyboard.up("KeyX");
    await expect(page.getByTestId("flag-b-dialect_not_msa")).toHaveAttribute("aria-pressed", "true");
    // Tapping again clears a flag; pressing its key again sets it back.
    await page.getByTestId("flag-b-dialect_not_msa").click();
    await expect(page.getByTestId("flag-b-dialect_not_msa")).toHaveAttribute("aria-pressed", "false");
    await page.keyboard.press("KeyX");
    await expect(page.getByTestId("flag-b-dialect_not_msa")).toHaveAttribute("aria-pressed", "true");
    expect(await seriousAccessibilityViolations(page, "battle with flags")).toEqual([]);

    await page.keyboard.press("Digit2");
    await expect(page.getByTestId("reveal")).toBeVisible();
    const [stored] = await query<{ flags_a: string[]; flags_b: string[]; winner: string }>(`SELECT flags_a, flags_b, winner::text FROM votes WHERE battle_id = $1`, [battleId]);
    expect(stored).toEqual({ flags_a: ["factual_error"], flags_b: ["dialect_not_msa"], winner: "model_b" });
  });

  for (const viewport of viewports) {
    test(`screenshots: guidelines and flags (${locale} ${viewport.name})`, async ({ page }) => {
      test.setTimeout(240_000);
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      const campaign = await guidedCampaign();
      const user = await createTestUser();
      await battleIn(campaign.id, user, locale);
      await setLocale(page, locale);
      await signIn(page, user);
      const shot = (name: string, fullPage = true) => page.screenshot({ path: `e2e/screenshots/${name}-${locale}-${viewport.name}.png`, fullPage });
      await expect(page.getByTestId("guidelines-gate")).toBeVisible();
      await shot("guidelines-step");
      await page.getByTestId("guidelines-acknowledge").click();
      await expect(page.locator("[data-testid=battle][data-ready=true]")).toBeVisible();
      await page.getByTestId("flag-a-factual_error").click();
      await page.getByTestId("flag-a-unsafe").click();
      await shot("battle-flags");
      // Each side's flags sit under its answer: on phones, B's show on the B tab.
      if (viewport.name === "phone") {
        await page.getByTestId("tab-b").click();
        await page.getByTestId("flag-b-dialect_not_msa").click();
        await page.getByTestId("flags-b").scrollIntoViewIfNeeded();
        await shot("battle-flags-b", false);
      }
      await page.getByTestId("guidelines-open").click();
      await expect(page.getByTestId("guidelines-dialog")).toBeVisible();
      await shot("guidelines-dialog", false);
    });
  }
}

test("admin edits a campaign's guidelines and reason flags", async ({ page }) => {
  test.setTimeout(240_000);
  const campaign = await guidedCampaign();
  const admin = await createTestUser("admin");
  await setLocale(page, "en");
  await signIn(page, admin, `/admin/campaigns/${campaign.id}`);
  const form = page.getByTestId("campaign-guidance-form");
  await expect(form.getByTestId("guidelines-en")).toHaveValue(guidelinesEn, { timeout: 30_000 });
  await expect(form.getByTestId("guidelines-ar")).toHaveAttribute("dir", "rtl");
  await expect(form.getByTestId("flag-key-0")).toHaveValue("factual_error");

  await form.getByTestId("guidelines-en").fill("## Revised\n\nCorrectness, then helpfulness.");
  await form.getByTestId("guidelines-ar").fill("## مراجَعة\n\nالصحة ثم النفع.");
  await form.getByTestId("flag-remove-2").click();
  await form.getByTestId("flag-add").click();
  // A bad key is refused with the reason, nothing saved.
  await form.getByTestId("flag-key-2").fill("Off Topic");
  await form.getByTestId("flag-en-2").fill("Off topic");
  await form.getByTestId("flag-ar-2").fill("خارج الموضوع");
  await form.getByTestId("guidance-save").click();
  await expect(form.getByTestId("guidance-flags-error")).toBeVisible();
  expect((await query<{ guidelines_en: string }>(`SELECT guidelines_en FROM campaigns WHERE id = $1`, [campaign.id]))[0]!.guidelines_en).toBe(guidelinesEn);

  await form.getByTestId("flag-key-2").fill("off_topic");
  await form.getByTestId("guidance-save").click();
  await expect(form.getByTestId("guidance-saved")).toBeVisible();
  const [saved] = await query<{ guidelines_en: string; guidelines_ar: string; reason_flags: { key: string }[] }>(
    `SELECT guidelines_en, guidelines_ar, reason_flags FROM campaigns WHERE id = $1`,
    [campaign.id],
  );
  expect(saved!.guidelines_en).toBe("## Revised\n\nCorrectness, then helpfulness.");
  expect(saved!.guidelines_ar).toBe("## مراجَعة\n\nالصحة ثم النفع.");
  expect(saved!.reason_flags.map((f) => f.key)).toEqual(["factual_error", "dialect_not_msa", "off_topic"]);
  expect(await seriousAccessibilityViolations(page, "campaign page")).toEqual([]);

  for (const locale of ["ar", "en"] as const) {
    for (const viewport of viewports) {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await setLocale(page, locale);
      await page.goto(`/admin/campaigns/${campaign.id}`);
      await expect(page.getByTestId("campaign-guidance-form")).toBeVisible();
      if (locale === "ar" && viewport.name === "desktop") expect(await seriousAccessibilityViolations(page, "campaign page (ar)")).toEqual([]);
      await page.getByTestId("campaign-guidance-form").screenshot({ path: `e2e/screenshots/admin-guidance-${locale}-${viewport.name}.png` });
    }
  }
});
