import { expect, test, type Page } from "@playwright/test";
import { expectPageFitsWidth, screenTests } from "./helpers/screens";
import { createTestUser, query } from "./helpers/db";
import { setLocale, signIn } from "./helpers/session";

// Issue 14 item 7: researchers read battles (prompt, both answers, the vote and reason) in the browser,
// reached from a leaderboard row and from a matrix cell, filtered and paged; annotators are refused.

const votes = (page: Page) => page.getByTestId("browsed-vote");

// Every shown vote involves the model (and the opponent, when given), on either side.
async function expectModels(page: Page, model: string, vs?: string) {
  await expect(votes(page).first()).toBeVisible();
  const rows = await votes(page).evaluateAll((els) => els.map((e) => [e.getAttribute("data-model-a"), e.getAttribute("data-model-b")]));
  expect(rows.length).toBeGreaterThan(0);
  for (const [a, b] of rows) {
    expect([a, b]).toContain(model);
    if (vs) expect([a, b].sort()).toEqual([model, vs].sort());
  }
}

const createdTimes = (page: Page) => votes(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-created") ?? ""));

for (const locale of ["en", "ar"] as const) {
  test.describe(`battle browser (${locale})`, () => {
    // Every step renders a server page of answers: generous on a loaded machine.
    test.describe.configure({ timeout: 300_000 });
    test.beforeEach(async ({ page }) => {
      await setLocale(page, locale);
      await signIn(page, await createTestUser("researcher"), "/leaderboard");
    });

    test("opens from a leaderboard row, filters, and pages", async ({ page }) => {
      await expect(page.getByTestId("leaderboard-table")).toBeVisible();
      const link = page.getByTestId("browse-model").first();
      const model = new URL((await link.getAttribute("href"))!, "http://x").searchParams.get("model")!;
      expect(model).toBeTruthy();
      await link.click();
      await page.waitForURL(/\/research\/battles\?/, { waitUntil: "commit", timeout: 60_000 });
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expect(page.getByTestId("filter-model")).toHaveValue(model);
      await expectModels(page, model);
      // Prompt, both answers and the reason are shown.
      const first = votes(page).first();
      await expect(first.getByTestId("browsed-answer-a")).toBeVisible();
      await expect(first.getByTestId("browsed-answer-b")).toBeVisible();
      await expect(first.getByTestId("browsed-reason")).toBeVisible();

      // A filter from the shared bar: only Arabic prompts, still this model.
      await page.getByTestId("filter-language").selectOption("ar");
      await expect(page).toHaveURL(/language=ar/);
      await expect(page).toHaveURL(new RegExp(`model=${model}`));
      await expect.poll(() => votes(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-language")))).not.toContain("en");
      await expectModels(page, model);
      // The browser's own filter: outcome "lost" of this model.
      await page.getByTestId("filter-outcome").selectOption("loss");
      await expect(page).toHaveURL(/outcome=loss/);
      await expect(page.getByTestId("filter-outcome")).toHaveValue("loss");

      // Pages of three, newest first; older, then back to newer shows the same votes.
      await page.goto(`/research/battles?model=${model}&pageSize=3`);
      await expect(votes(page)).toHaveCount(3);
      const firstPage = await createdTimes(page);
      const firstIds = await votes(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-vote")));
      expect([...firstPage].sort().reverse()).toEqual(firstPage);
      await page.getByTestId("page-older").click();
      await expect(page).toHaveURL(/after=/);
      await expect.poll(() => votes(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-vote")))).not.toEqual(firstIds);
      const secondPage = await createdTimes(page);
      expect(secondPage[0]! <= firstPage[firstPage.length - 1]!).toBe(true);
      await page.getByTestId("page-newer").click();
      await expect(page).toHaveURL(/before=/);
      await expect.poll(() => votes(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-vote")))).toEqual(firstIds);
    });

    test("opens from a matrix cell on that model pair", async ({ page }) => {
      await page.goto("/research/matrices");
      const cell = page.getByTestId("matrix-games").getByTestId("matrix-cell-link").first();
      const params = new URL((await cell.getAttribute("href"))!, "http://x").searchParams;
      const [model, vs] = [params.get("model")!, params.get("vs")!];
      expect(model && vs && model !== vs).toBeTruthy();
      await cell.click();
      await page.waitForURL(/\/research\/battles\?/, { waitUntil: "commit", timeout: 60_000 });
      await expect(page.getByTestId("filter-model")).toHaveValue(model);
      await expect(page.getByTestId("filter-vs")).toHaveValue(vs);
      await expectModels(page, model, vs);
      // The pair the other way round shows the same votes.
      const ids = await votes(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-vote")));
      await page.goto(`/research/battles?model=${vs}&vs=${model}`);
      await expect(votes(page).first()).toBeVisible();
      expect(await votes(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-vote")))).toEqual(ids);
    });
  });
}

test("annotators are refused the battle browser and its API", async ({ page, request }) => {
  expect((await request.get("/api/research/battles")).status()).toBe(401);
  await signIn(page, await createTestUser("annotator"), "/leaderboard");
  const response = await page.goto("/research/battles");
  expect(response?.status()).toBeLessThan(500);
  await expect(page.getByTestId("forbidden")).toBeVisible();
  await expect(page.getByTestId("browsed-vote")).toHaveCount(0);
  expect((await page.request.get("/api/research/battles")).status()).toBe(403);
});

screenTests(
  "battle browser screenshots",
  async ({ page }, { viewport, shot }) => {
    await signIn(page, await createTestUser("researcher"), "/research/battles?pageSize=3");
    await expect(votes(page).first()).toBeVisible();
    // Nothing scrolls sideways.
    await expectPageFitsWidth(page, viewport.width);
    await shot("battles");
  },
  { timeoutMs: 180_000 },
);

// Issue 14 item 9: the language a user saved on their account comes along when they sign in on another
// device (one with no language chosen yet); a device where a language was chosen keeps it.
test("a user's saved language applies when they sign in on a new device", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const user = await createTestUser("researcher");
  await query("UPDATE users SET ui_locale = 'ar' WHERE id = $1", [user.id]);
  const fresh = await browser.newContext({ baseURL });
  const page = await fresh.newPage();
  await signIn(page, user, "/leaderboard");
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
  expect((await fresh.cookies()).find((c) => c.name === "NEXT_LOCALE")?.value).toBe("ar");
  await fresh.close();

  const chosen = await browser.newContext({ baseURL });
  const other = await chosen.newPage();
  await setLocale(other, "en");
  await signIn(other, user, "/leaderboard");
  await expect(other.locator("html")).toHaveAttribute("lang", "en");
  await chosen.close();
});

// Issue 14 item 8: the JSON export downloads (Content-Disposition: attachment) instead of opening.
test("the leaderboard JSON export downloads as a file", async ({ page }) => {
  await signIn(page, await createTestUser("researcher"), "/research/exports");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-leaderboard-json").click()]);
  expect(download.suggestedFilename()).toBe("arena-leaderboard.json");
  const response = await page.request.get("/api/v1/leaderboard?format=json");
  expect(response.headers()["content-disposition"]).toBe('attachment; filename="arena-leaderboard.json"');
  expect((await response.json()).entries.length).toBeGreaterThan(0);
});
