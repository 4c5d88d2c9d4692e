import { expect, type Page } from "@playwright/test";
import type { TestUser } from "./db";

export async function setLocale(page: Page, locale: "ar" | "en") {
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: locale, url: process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100" }]);
}

export async function signIn(page: Page, user: TestUser, next = "/battle") {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(next)}`);
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await page.locator('button[type="submit"]').click();
  // Waits on the navigation event, not on a check run inside the page: a CI trace showed the new page
  // already loaded while toHaveURL, which evaluates in the page, waited 10 s for its busy main thread.
  await page.waitForURL(new RegExp(`${next.replace(/[/?]/g, "\\$&")}$`), { waitUntil: "commit", timeout: 20_000 });
  if (next === "/battle") await waitForBattle(page);
}

// The battle page answers keys only once hydrated. (A campaign's guidelines step comes before its first battle.)
export async function waitForBattle(page: Page) {
  await expect(page.locator("[data-testid=battle][data-ready=true], [data-testid=battle-empty][data-ready=true], [data-testid=battle-guidelines][data-ready=true]")).toBeVisible({ timeout: 30_000 });
}
