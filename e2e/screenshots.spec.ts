import { expect } from "@playwright/test";
import { screenTests } from "./helpers/screens";
import { createTestUser } from "./helpers/db";
import { signIn } from "./helpers/session";

// Screenshots of each page in both languages at desktop and phone width, for people to look at
// (saved under e2e/screenshots/, git-ignored).
screenTests(
  "screenshots",
  async ({ page }, { shot }) => {
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
  },
);
