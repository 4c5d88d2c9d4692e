import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { FakeOpenAI } from "../tests/helpers/fake-openai";
import { createTestUser, query } from "./helpers/db";
import { setLocale, signIn } from "./helpers/session";

// An admin attaches an endpoint (a local OpenAI-compatible server started by this spec), tests the
// connection, starts a generation job on a small prompt set without responses and watches it reach 100%,
// in Arabic and in English, at desktop and phone width. The stored secret never reaches the page.
let fake: FakeOpenAI;
test.beforeAll(async () => {
  fake = await new FakeOpenAI().start();
  fake.latencyMs = 300;
});
test.afterAll(async () => fake.stop());

// A set of three prompts alone (its own, so specs running alongside are not disturbed) and a model
// with no responses (it never enters battles).
async function promptSetAndModel(tag: string) {
  const [set] = await query<{ id: string }>(`INSERT INTO prompt_sets (id, name) VALUES (gen_random_uuid(), $1) RETURNING id`, [`gen-set-${tag}`]);
  for (const [k, lang, text] of [[0, "en", "Name three primary colours."], [1, "ar", "ما أطول نهر في العالم؟"], [2, "en", "What is 12 × 12?"]] as const) {
    await query(
      `INSERT INTO prompts (id, prompt_set_id, external_id, language, category, text, content_hash) VALUES (gen_random_uuid(), $1, $2, $3::"Language", 'gen', $4, $2)`,
      [set!.id, `q${k}-${tag}`, lang, text],
    );
  }
  const key = `gen-${tag}`;
  await query(`INSERT INTO models (id, key, display_name) VALUES (gen_random_uuid(), $1, $2)`, [key, `Generator ${tag}`]);
  return { setId: set!.id, key, displayName: `Generator ${tag}` };
}

for (const locale of ["en", "ar"] as const) {
  test(`endpoint, test connection, generation job to 100% (${locale})`, async ({ page }) => {
    test.setTimeout(240_000);
    const tag = randomBytes(3).toString("hex");
    const secret = `sk-e2e-${randomBytes(8).toString("hex")}`;
    const { setId, key, displayName } = await promptSetAndModel(tag);
    const admin = await createTestUser("admin");
    await setLocale(page, locale);
    await signIn(page, admin, "/admin/endpoints");

    const card = page.getByTestId(`endpoint-${key}`);
    const form = card.getByTestId("endpoint-form");
    // Hydrated (the button is enabled only then), so what is typed reaches React's state.
    await expect(form.locator('button[type="submit"]')).toBeEnabled();
    // A refused address says why, in the UI language, next to the field; nothing is stored.
    await form.locator('input[name="baseUrl"]').fill("http://user:pass@127.0.0.1:9/v1");
    await form.locator('input[name="remoteModel"]').fill(`served-${tag}`);
    await form.locator('button[type="submit"]').click();
    await expect(form.getByTestId("endpoint-url-error")).toContainText(locale === "ar" ? "عنوان غير مقبول" : "Not accepted");
    await expect(form.locator('input[name="baseUrl"]')).toHaveAttribute("aria-invalid", "true");
    expect(await query(`SELECT 1 FROM model_endpoints e JOIN models m ON m.id = e.model_id WHERE m.key = $1`, [key])).toHaveLength(0);
    await form.locator('input[name="baseUrl"]').fill(fake.baseUrl);
    await form.locator('select[name="credentialKind"]').selectOption("secret");
    await form.locator('input[name="secret"]').fill(secret);
    await form.locator('input[name="concurrency"]').fill("2");
    await form.locator('button[type="submit"]').click();
    await expect.poll(async () => (await query(`SELECT 1 FROM model_endpoints e JOIN models m ON m.id = e.model_id WHERE m.key = $1`, [key])).length, { timeout: 30_000 }).toBe(1);
    await page.reload();
    expect(await page.content()).not.toContain(secret);

    await card.getByTestId("test-endpoint").click();
    await expect(card.getByTestId("test-result")).toContainText(`served-${tag} answers`);
    expect(fake.requests.at(-1)?.authorization).toBe(`Bearer ${secret}`);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await card.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `e2e/screenshots/endpoints-${locale}-${width}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.goto("/admin/generation");
    const start = page.getByTestId("start-job-form");
    await start.locator('select[name="promptSetId"]').selectOption(setId);
    // Checked before hydration, the box never reaches React's state and Start stays disabled: check again.
    await expect(async () => {
      await start.getByLabel(displayName).check();
      await expect(start.locator('button[type="submit"]')).toBeEnabled({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await start.locator('button[type="submit"]').click();
    await page.waitForURL(/\/admin\/generation\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const job = page.getByTestId("generation-job");
    await expect(job).toHaveAttribute("data-status", "done", { timeout: 120_000 });
    await expect(page.getByTestId("job-percent")).toContainText("100");
    await expect(page.getByTestId("generation-preview")).toBeVisible();
    expect(await page.content()).not.toContain(secret);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `e2e/screenshots/generation-job-${locale}-${width}.png`, fullPage: true });
    }
    await page.goto("/admin/generation");
    await page.screenshot({ path: `e2e/screenshots/generation-list-${locale}-390.png`, fullPage: true });
  });
}
