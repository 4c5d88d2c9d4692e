import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { setLocale } from "./session";

// Every page is looked at in both languages at desktop and phone width. Screenshot tests register through
// screenTests: one test per locale × width, tagged @screens, which playwright.config.ts runs as their own
// project (`npm run test:e2e -- --project chromium` leaves them out while iterating; CI runs both).
export const screenLocales = ["en", "ar"] as const;
export const screenViewports = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

export type Screen = {
  locale: (typeof screenLocales)[number];
  viewport: (typeof screenViewports)[number];
  // Saves e2e/screenshots/<name>-<locale>-<viewport>.png (git-ignored), full page unless told otherwise.
  shot: (name: string, options?: { fullPage?: boolean; page?: Page }) => Promise<Buffer>;
};

// Playwright sets up only the fixtures a test names in its parameter pattern: these are the ones screen tests use.
type Fixtures = { page: Page; browser: Browser; context: BrowserContext };

export function screenTests(title: string, body: (fixtures: Fixtures, screen: Screen) => Promise<void>, options: { timeoutMs?: number } = {}) {
  for (const locale of screenLocales) {
    for (const viewport of screenViewports) {
      test(`${title}: ${locale} ${viewport.name}`, { tag: "@screens" }, async ({ page, browser, context }) => {
        if (options.timeoutMs) test.setTimeout(options.timeoutMs);
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        await setLocale(page, locale);
        const shot: Screen["shot"] = (name, { fullPage = true, page: target = page } = {}) =>
          target.screenshot({ path: `e2e/screenshots/${name}-${locale}-${viewport.name}.png`, fullPage });
        await body({ page, browser, context }, { locale, viewport, shot });
      });
    }
  }
}

// Nothing on the page scrolls sideways at this width. Measured once the page's stylesheets have loaded: sign-in
// helpers return at the navigation's commit, and an unstyled page is as wide as its longest select option (a CI
// run measured 1061 px at 390 before the CSS arrived).
export async function expectPageFitsWidth(page: Page, width: number) {
  await page.waitForLoadState("load");
  const { scrollWidth, widest } = await page.evaluate((width) => {
    // The outermost elements that reach past the viewport's edges, so a failure names what to fix.
    const outside = [...document.body.querySelectorAll("*")].filter((e) => {
      const box = e.getBoundingClientRect();
      return box.width > 0 && (box.right > width + 1 || box.left < -1);
    });
    const outermost = outside.filter((e) => !outside.includes(e.parentElement as Element));
    const describe = (e: Element) => `<${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""} class="${e.getAttribute("class") ?? ""}"> ${Math.round(e.getBoundingClientRect().width)} px: ${(e.textContent ?? "").slice(0, 80)}`;
    return { scrollWidth: document.documentElement.scrollWidth, widest: outermost.slice(0, 5).map(describe) };
  }, width);
  expect(scrollWidth, `page width; reaching past the edge: ${widest.join(" | ")}`).toBeLessThanOrEqual(width);
}
