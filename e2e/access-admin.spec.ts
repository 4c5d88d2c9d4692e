import { expect, test } from "@playwright/test";
import { createTestUser } from "./helpers/db";
import { signIn } from "./helpers/session";

// Who may open which page and call which API is checked route by route over HTTP in access-matrix.spec.ts (every
// page, API route and server action, as every visitor, against the access table). This spec is the browser's view
// of the same refusals on one admin page: what a visitor without the role actually sees.
test("in the browser, an admin page sends an anonymous visitor to sign in and shows a researcher the 403 page, without the admin navigation", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fadmin%2Fusers$/);
  await expect(page.locator('input[name="email"]')).toBeVisible();

  await signIn(page, await createTestUser("researcher"), "/admin/users");
  await expect(page.getByTestId("forbidden")).toBeVisible();
  await expect(page.getByTestId("forbidden").getByRole("link")).toHaveAttribute("href", "/");
  await expect(page.getByTestId("admin-nav")).toHaveCount(0);
  await expect(page.getByTestId("admin-users")).toHaveCount(0);
});
