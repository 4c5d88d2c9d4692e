import { expect, test, type Page } from "@playwright/test";
import { createTestUser } from "./helpers/db";
import { expectPageFitsWidth } from "./helpers/screens";
import { setLocale, signIn } from "./helpers/session";

test.describe("everywhere", () => {
  test("the 404 page speaks the UI language, the site has a favicon, and nothing 404s in the console", async ({ page }) => {
    const failed: string[] = [];
    page.on("response", (r) => {
      if (r.status() === 404 && !r.url().includes("/no-such-page")) failed.push(r.url());
    });
    await setLocale(page, "ar");
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId("not-found")).toContainText("الصفحة غير موجودة");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
    expect(icon).toBeTruthy();
    expect((await page.request.get(icon!)).status()).toBe(200);
    await page.goto("/");
    expect(failed).toEqual([]);
  });

  test("the language switcher's accessible name includes its visible text", async ({ page }) => {
    for (const [locale, name] of [
      ["en", "Language: العربية"],
      ["ar", "اللغة: English"],
    ] as const) {
      await setLocale(page, locale);
      await page.goto("/");
      await expect(page.getByRole("button", { name, exact: true })).toBeVisible();
    }
  });

  test("monospace text keeps its monospace face in the Arabic UI", async ({ page }) => {
    await setLocale(page, "ar");
    await signIn(page, await createTestUser("admin"), "/admin/models");
    const family = await page.locator("[data-testid^=model-] .font-mono").first().evaluate((el) => getComputedStyle(el).fontFamily);
    expect(family).toMatch(/mono/i);
    expect(family).not.toMatch(/^"?IBM Plex Sans Arabic/);
  });

  test("a researcher lands on the leaderboard after signing in from the header", async ({ page }) => {
    const researcher = await createTestUser("researcher");
    await page.goto("/");
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.locator('input[name="email"]').fill(researcher.email);
    await page.locator('input[name="password"]').fill(researcher.password);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(/\/leaderboard$/, { waitUntil: "commit" });
  });

  test("an annotator lands on the battle page after signing in from the header", async ({ page }) => {
    const annotator = await createTestUser();
    await page.goto("/signin");
    await page.locator('input[name="email"]').fill(annotator.email);
    await page.locator('input[name="password"]').fill(annotator.password);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(/\/battle$/, { waitUntil: "commit" });
  });

  for (const locale of ["ar", "en"] as const) {
    test(`/research/exports fits a 390 px phone (${locale})`, async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await setLocale(page, locale);
      await signIn(page, await createTestUser("researcher"), "/research/exports");
      await page.waitForLoadState("load");
      await page.screenshot({ path: `e2e/screenshots/exports-${locale}-phone.png`, fullPage: true });
      await expectPageFitsWidth(page, 390);
    });
  }

});

// The page's uncaught errors and console errors, as they come (React reports a hydration mismatch there).
function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return errors;
}

test.describe("numbers", () => {
  // A browser whose own locale writes other digits (Egyptian Arabic: ١٢٣): numbers formatted with the
  // browser's locale instead of the UI's differ from the server's text and break hydration (React #418).
  test.use({ locale: "ar-EG" });
  for (const locale of ["ar", "en"] as const) {
    test(`/admin/models renders without a hydration error, numbers in the UI locale (${locale})`, async ({ page }) => {
      const errors = collectPageErrors(page);
      await setLocale(page, locale);
      await signIn(page, await createTestUser("admin"), "/admin/models");
      const firstModel = page.locator("[data-testid^=model-]").first();
      await expect(firstModel).toBeVisible();
      await page.waitForLoadState("load");
      expect(errors.filter((e) => /hydrat|#418|#423|#425/i.test(e))).toEqual([]);
      await expect(firstModel.locator("dd").first()).toHaveText(/^[0-9,]+$/);
    });

    // The annotator's progress header on the battle page: rendered on the server, then formatted again in the
    // browser when it refetches (after mount and after each vote), so the browser's own locale must not leak in.
    test(`/battle's progress header renders without a hydration error, numbers in the UI locale (${locale})`, async ({ page }) => {
      const errors = collectPageErrors(page);
      await setLocale(page, locale);
      // A switched-on prompt-set campaign would narrow every other test's battles, so the refetched progress is
      // given one here: the browser formats its percentage.
      await page.route("**/api/me/progress*", async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { progress: { campaigns: unknown[] } };
        body.progress.campaigns = [{ id: "c1", name: "Ramadan", share: 0.05, totalVotes: 5, targetVotes: 100, models: 2 }];
        await route.fulfill({ response, json: body });
      });
      await signIn(page, await createTestUser("annotator"), "/battle");
      const progress = page.getByTestId("annotator-progress");
      await expect(progress).toBeVisible();
      await page.waitForLoadState("load");
      // Voting once makes the browser format every number of the header afresh (the server rendered the first).
      await page.keyboard.press("1");
      await expect(page.getByTestId("reveal")).toBeVisible();
      await expect(page.getByTestId("progress-total")).toHaveText("1");
      await expect(page.getByTestId("progress-today")).toHaveText(/^[0-9,]+$/);
      // "5% of target" / "5% من الهدف", its percentage in Western digits.
      await expect(page.getByTestId("progress-campaign")).toContainText(/5%/);
      expect(await progress.innerText()).not.toMatch(/[\u0660-\u0669\u06F0-\u06F9\u066A]/);
      expect(errors.filter((e) => /hydrat|#418|#423|#425/i.test(e))).toEqual([]);
    });
  }
});
