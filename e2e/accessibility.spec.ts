import { expect, test, type Page } from "@playwright/test";
import { seriousAccessibilityViolations } from "./helpers/accessibility";
import { createTestUser } from "./helpers/db";
import { setLocale, signIn, waitForBattle } from "./helpers/session";

// An axe-core audit (WCAG 2.1 A and AA rules) of the main pages, in both languages: no serious or
// critical violation (e2e/helpers/accessibility.ts).
async function audit(page: Page, path: string) {
  await page.goto(path);
  if (path === "/battle") await waitForBattle(page);
  await page.waitForLoadState("load");
  return seriousAccessibilityViolations(page, path);
}

const pagesByRole = {
  anonymous: ["/", "/signin"],
  annotator: ["/battle"],
  researcher: ["/leaderboard", "/research/matrices", "/research/battles", "/research/report", "/research/annotators", "/research/exports"],
  admin: ["/admin", "/admin/models", "/admin/users", "/admin/campaigns", "/admin/campaigns/new", "/admin/import", "/admin/gold", "/admin/audit", "/admin/no-such-page"],
} as const;

for (const locale of ["ar", "en"] as const) {
  for (const [role, paths] of Object.entries(pagesByRole)) {
    test(`no serious or critical accessibility violation: ${role} pages (${locale})`, async ({ page }) => {
      test.setTimeout(480_000);
      await setLocale(page, locale);
      if (role !== "anonymous") await signIn(page, await createTestUser(role as "annotator" | "researcher" | "admin"), paths[0]);
      const violations: string[] = [];
      for (const path of paths) violations.push(...(await audit(page, path)));
      expect(violations).toEqual([]);
    });
  }
}
