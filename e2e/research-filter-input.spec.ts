import { expect, test } from "@playwright/test";
import { createTestUser } from "./helpers/db";
import { setLocale, signIn } from "./helpers/session";

// Issue 12 item 10: a date Postgres cannot take (year 0000) passed the filter check and the research pages
// answered 500. They now render, ignore the bad filter and say which one it was, in the UI language.
const pages = ["/leaderboard", "/research/matrices", "/research/report", "/research/annotators", "/research/exports"];

test("research pages name a year-0000 date filter as invalid, in the UI language, instead of failing", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, await createTestUser("researcher"), "/leaderboard");
  for (const [locale, notice] of [
    ["en", "Some filters in the link were invalid and were ignored: From and To"],
    ["ar", "تم تجاهل بعض المرشّحات غير الصالحة في الرابط: من وإلى"],
  ] as const) {
    await setLocale(page, locale);
    for (const path of pages) {
      const response = await page.goto(`${path}?from=0000-01-01&to=0000-01-01`);
      expect(response?.status(), `${path} (${locale})`).toBe(200);
      await expect(page.getByTestId("invalid-filters")).toHaveText(notice);
    }
  }
  const only = await page.goto("/leaderboard?from=0000-01-01");
  expect(only?.status()).toBe(200);
  await expect(page.getByTestId("invalid-filters")).toHaveText("تم تجاهل بعض المرشّحات غير الصالحة في الرابط: من");
});
