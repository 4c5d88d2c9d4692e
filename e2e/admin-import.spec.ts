import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createTestUser, query } from "./helpers/db";
import { setLocale, signIn, waitForBattle } from "./helpers/session";

const brokenFile = readFileSync("examples/prompts-broken.jsonl");

// A small set whose prompt texts are unique to this run.
function uniqueSet(tag: string) {
  const lines = [0, 1, 2].map((i) =>
    JSON.stringify({
      id: `${tag}-${i}`,
      language: "en",
      category: "e2e",
      tags: ["e2e"],
      prompt: `E2E prompt ${tag} number ${i}: name a colour.`,
      responses: { [`e2e-${tag}-x`]: `Blue, for run ${tag}.`, [`e2e-${tag}-y`]: `Crimson red is a lovely colour (${tag}).`, [`e2e-${tag}-z`]: `Green ${tag}.` },
    }),
  );
  return Buffer.from(lines.join("\n"));
}

async function upload(page: Page, setName: string, file: { name: string; buffer: Buffer }) {
  await page.goto("/admin/import");
  await page.locator('input[name="setName"]').fill(setName);
  await page.locator('input[name="file"]').setInputFiles({ name: file.name, mimeType: "application/octet-stream", buffer: file.buffer });
  await page.getByTestId("import-form").locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/\/admin\/import\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("import-preview")).toBeVisible();
}

test.describe("admin import", () => {
  test("uploads a good file, previews it, confirms, and an annotator votes on its battles", async ({ page, browser }) => {
    const tag = randomBytes(4).toString("hex");
    const setName = `E2E set ${tag}`;
    await signIn(page, await createTestUser("admin"), "/admin/import");
    await upload(page, setName, { name: "good.jsonl", buffer: uniqueSet(tag) });

    const preview = page.getByTestId("import-preview");
    await expect(preview).toHaveAttribute("data-has-errors", "false");
    await expect(preview).toContainText(setName);
    await expect(page.getByTestId("count-Prompts")).toHaveText("3");
    await expect(page.getByTestId("count-Responses")).toHaveText("9");
    await expect(page.getByTestId("import-errors")).toContainText("No errors");
    // Nothing is written before the admin confirms.
    expect(await query("SELECT 1 FROM prompt_sets WHERE name = $1", [setName])).toHaveLength(0);

    await page.getByTestId("confirm-button").click();
    const result = page.getByTestId("import-result");
    await expect(result).toBeVisible({ timeout: 30_000 });
    await expect(result.getByTestId("new-Prompts")).toHaveText("3");
    await expect(result.getByTestId("new-Responses")).toHaveText("9");
    const stored = await query<{ n: string }>("SELECT count(*)::text AS n FROM prompts p JOIN prompt_sets s ON s.id = p.prompt_set_id WHERE s.name = $1", [setName]);
    expect(stored[0]!.n).toBe("3");
    const scores = await query<{ n: string }>("SELECT count(*)::text AS n FROM pair_scores ps JOIN prompts p ON p.id = ps.prompt_id JOIN prompt_sets s ON s.id = p.prompt_set_id WHERE s.name = $1", [setName]);
    expect(scores[0]!.n).toBe("9");

    // A fresh annotator who has already seen every other (prompt, pair) gets a battle from this set.
    const annotator = await createTestUser("annotator", ["en"]);
    await query(
      `INSERT INTO battles (id, annotator_id, prompt_id, model_a_id, model_b_id, pair_low_id, pair_high_id, expires_at, skipped_at)
       SELECT gen_random_uuid(), $1, p.id, r1.model_id, r2.model_id, r1.model_id, r2.model_id, now(), now()
       FROM prompts p JOIN prompt_sets s ON s.id = p.prompt_set_id
       JOIN responses r1 ON r1.prompt_id = p.id JOIN responses r2 ON r2.prompt_id = p.id AND r1.model_id < r2.model_id
       WHERE s.name <> $2`,
      [annotator.id, setName],
    );
    const context = await browser.newContext();
    const annotatorPage = await context.newPage();
    await signIn(annotatorPage, annotator);
    await waitForBattle(annotatorPage);
    const battle = annotatorPage.getByTestId("battle");
    await expect(battle).toContainText(`E2E prompt ${tag}`);
    const battleId = await battle.getAttribute("data-battle-id");
    const owner = await query<{ name: string }>("SELECT s.name FROM battles b JOIN prompts p ON p.id = b.prompt_id JOIN prompt_sets s ON s.id = p.prompt_set_id WHERE b.id = $1", [battleId]);
    expect(owner[0]!.name).toBe(setName);
    await annotatorPage.getByTestId("vote-model_a").click();
    await expect(annotatorPage.getByTestId("reveal")).toBeVisible();
    expect(await query("SELECT 1 FROM votes WHERE battle_id = $1", [battleId])).toHaveLength(1);
    await context.close();
  });

  test("a broken file shows line-numbered errors, cannot be confirmed and writes nothing", async ({ page }) => {
    const setName = `E2E broken ${randomBytes(4).toString("hex")}`;
    await signIn(page, await createTestUser("admin"), "/admin/import");
    await upload(page, setName, { name: "prompts-broken.jsonl", buffer: brokenFile });
    await expect(page.getByTestId("import-preview")).toHaveAttribute("data-has-errors", "true");
    const rows = page.getByTestId("import-error-row");
    await expect(rows).toHaveCount(5);
    await expect(rows.nth(0)).toContainText("2");
    await expect(rows.nth(0)).toContainText("This line is not valid JSON.");
    await expect(rows.nth(1)).toContainText("language");
    await expect(rows.nth(1)).toContainText("Language must be “ar” or “en”, not “fr”.");
    await expect(rows.nth(2)).toContainText("at least two models");
    await expect(page.getByTestId("confirm-button")).toBeDisabled();
    expect(await query("SELECT 1 FROM prompt_sets WHERE name = $1", [setName])).toHaveLength(0);
    expect(await query("SELECT 1 FROM models WHERE key = 'model-a'")).toHaveLength(0);
  });

  test("errors appear in the admin's language, and a wrong file type is refused clearly", async ({ page }) => {
    await setLocale(page, "ar");
    await signIn(page, await createTestUser("admin"), "/admin/import");
    await upload(page, `E2E ar ${randomBytes(4).toString("hex")}`, { name: "prompts-broken.jsonl", buffer: brokenFile });
    await expect(page.getByTestId("import-error-row").nth(0)).toContainText("هذا السطر ليس JSON صالحًا.");
    await expect(page.getByTestId("import-error-row").nth(1)).toContainText("يجب أن تكون اللغة «ar» أو «en»، لا «fr».");
    // The «file ← set» line and every message read right to left, though the file name is Latin.
    const direction = (el: Element) => getComputedStyle(el).direction;
    expect(await page.getByTestId("file-to-set").evaluate(direction)).toBe("rtl");
    for (const cell of await page.getByTestId("import-error-message").all()) expect(await cell.evaluate(direction)).toBe("rtl");
    await page.screenshot({ path: "e2e/screenshots/import-preview-errors-ar.png", fullPage: true });

    await page.goto("/admin/import");
    await page.locator('input[name="setName"]').fill("x");
    await page.locator('input[name="file"]').setInputFiles({ name: "prompts.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from("x") });
    await page.getByTestId("import-form").locator('button[type="submit"]').click();
    await expect(page.getByTestId("import-error")).toContainText("ليس ملف");
  });

  test("annotators and researchers are refused every import page and route; anonymous callers get 401", async ({ page, playwright }) => {
    const uploadId = "00000000-0000-4000-8000-000000000000";
    const routes = [
      { method: "POST", path: "/api/admin/import/uploads?setName=x&fileName=a.jsonl", data: Buffer.from("{}") },
      { method: "GET", path: `/api/admin/import/uploads/${uploadId}` },
      { method: "DELETE", path: `/api/admin/import/uploads/${uploadId}` },
      { method: "POST", path: `/api/admin/import/uploads/${uploadId}/commit`, data: { dropFlagged: false } },
    ] as const;
    const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    for (const r of routes) {
      const response = await anonymous.fetch(r.path, { method: r.method, data: "data" in r ? r.data : undefined });
      expect(response.status(), `${r.method} ${r.path} anonymous`).toBe(401);
    }
    await anonymous.dispose();
    for (const role of ["annotator", "researcher"] as const) {
      await page.context().clearCookies();
      await signIn(page, await createTestUser(role), "/");
      for (const r of routes) {
        const response = await page.request.fetch(r.path, { method: r.method, data: "data" in r ? r.data : undefined });
        expect(response.status(), `${r.method} ${r.path} as ${role}`).toBe(403);
      }
      for (const path of ["/admin/import", `/admin/import/${uploadId}`]) {
        await page.goto(path);
        await expect(page.getByTestId("forbidden")).toBeVisible();
      }
    }
    expect(await query("SELECT 1 FROM import_uploads WHERE set_name = 'x'")).toHaveLength(0);
  });

  test("screenshots of the import pages", async ({ page }) => {
    const admin = await createTestUser("admin");
    await signIn(page, admin, "/admin/import");
    const tag = randomBytes(4).toString("hex");
    const flagged = Buffer.from(
      [
        uniqueSet(tag).toString(),
        JSON.stringify({ id: `${tag}-ar`, language: "ar", category: "هوية", tags: [], prompt: "من أنت؟", responses: { [`e2e-${tag}-x`]: "أنا نموذج جيس، كيف أساعدك؟", [`e2e-${tag}-y`]: "أنا مساعد ذكي." } }),
        '{"id": "broken"',
      ].join("\n"),
    );
    for (const locale of ["en", "ar"] as const) {
      await setLocale(page, locale);
      for (const viewport of [{ name: "desktop", width: 1280, height: 900 }, { name: "phone", width: 390, height: 844 }]) {
        await page.setViewportSize(viewport);
        await page.goto("/admin/import");
        await page.screenshot({ path: `e2e/screenshots/admin-import-${locale}-${viewport.name}.png`, fullPage: true });
        await upload(page, `E2E shots ${tag}`, { name: "mixed.jsonl", buffer: flagged });
        await expect(page.getByTestId("flagged-row")).toHaveCount(1);
        await page.screenshot({ path: `e2e/screenshots/admin-import-preview-${locale}-${viewport.name}.png`, fullPage: true });
      }
    }
  });
});
