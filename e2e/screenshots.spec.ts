import { expect, test } from "@playwright/test";
import { createTestUser } from "./helpers/db";
import { setLocale, signIn } from "./helpers/session";

// Screenshots of each page in both languages at desktop and phone width, for people to look at
// (saved under e2e/screenshots/, git-ignored).
const viewports = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

for (const locale of ["en", "ar"] as const) {
  for (const viewport of viewports) {
    test(`screenshots: ${locale} ${viewport.name}`, async ({ page }) => {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await setLocale(page, locale);
      const shot = (name: string) => page.screenshot({ path: `e2e/screenshots/${name}-${locale}-${viewport.name}.png`, fullPage: true });

      await page.goto("/");
      await shot("home");
      await page.goto("/signin");
      await shot("signin");

      await signIn(page, await createTestUser());
      await expect(page.getByTestId("battle")).toBeVisible();
      await shot("battle");
      await page.keyboard.press("1");
      await expect(page.getByTestId("reveal")).toBeVisible();
      await shot("battle-revealed");
    });
  }
}
