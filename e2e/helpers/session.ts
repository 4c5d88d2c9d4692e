import { expect, type Page } from "@playwright/test";
import type { TestUser } from "./db";

export async function setLocale(page: Page, locale: "ar" | "en") {
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: locale, url: process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100" }]);
}

// Signs the page's browser context in and opens `next`. The session comes from the same request the sign-in form
// sends (next-auth's credentials callback, through the app's sign-in checks and rate limits), made from the
// context's own request client so the cookie lands in the browser; loading and hydrating /signin first cost every
// test seconds on a loaded machine. The form itself is tested through signInThroughForm and the specs that type
// into it (everywhere.spec.ts, hostile.spec.ts, embedded-start.spec.ts, admin.spec.ts).
export async function signIn(page: Page, user: TestUser, next = "/battle") {
  const request = page.context().request;
  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.status(), "GET /api/auth/csrf").toBe(200);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: user.email, password: user.password, json: "true", callbackUrl: next },
    maxRedirects: 0,
  });
  const cookies = await page.context().cookies();
  if (!cookies.some((c) => c.name === "next-auth.session-token")) {
    throw new Error(`Sign-in failed for ${user.email}: HTTP ${response.status()} ${await response.text()}`);
  }
  await page.goto(next, { waitUntil: "commit" });
  // Refused, the app would have sent the page on to /signin.
  expect(page.url(), "the page after signing in").toMatch(new RegExp(`${next.replace(/[/?]/g, "\\$&")}$`));
  if (next === "/battle") await waitForBattle(page);
}

// Signs in as a person does: the /signin form, then the redirect to `next`.
export async function signInThroughForm(page: Page, user: TestUser, next = "/battle") {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(next)}`);
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  // The button is enabled once the form has hydrated (before that a click would post the bare HTML form).
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
