import { expect, test, type Locator } from "@playwright/test";
import { arabicAnswer, englishAnswer, serveNextBattle } from "./helpers/crafted-battle";
import { createTestUser } from "./helpers/db";
import { setLocale, signIn } from "./helpers/session";

// Geometry and computed direction of the rendered answers, read in the page.
async function layoutOf(card: Locator) {
  return card.evaluate((section) => {
    const style = (el: Element | null) => (el ? getComputedStyle(el) : null);
    const box = (el: Element | null) => el?.getBoundingClientRect() ?? null;
    const markdown = section.querySelector(".markdown")!;
    const ul = markdown.querySelector("ul")!;
    const ol = markdown.querySelector("ol")!;
    const firstLi = ul.querySelector("li")!;
    const ths = [...markdown.querySelectorAll("th")];
    const quote = markdown.querySelector("blockquote")!;
    const pre = markdown.querySelector("pre");
    return {
      wrapper: style(markdown)!.direction,
      list: style(ul)!.direction,
      items: [...markdown.querySelectorAll("li")].map((li) => style(li)!.direction),
      orderedList: style(ol)?.direction,
      // Markers hang in the list's start padding: the space between the item and the list's start edge.
      startGap: style(ul)!.direction === "rtl" ? box(ul)!.right - box(firstLi)!.right : box(firstLi)!.left - box(ul)!.left,
      cardInside: box(firstLi)!.right <= box(section)!.right && box(firstLi)!.left >= box(section)!.left,
      table: style(markdown.querySelector("table"))!.direction,
      firstColumnOnRight: ths.length > 1 ? box(ths[0]!)!.left > box(ths[1]!)!.left : null,
      quoteBar: { right: parseFloat(style(quote)!.borderRightWidth), left: parseFloat(style(quote)!.borderLeftWidth) },
      code: pre ? style(pre)!.direction : null,
      inlineCode: style(firstLi.querySelector("code"))?.direction,
      inlineCodeIsolated: style(firstLi.querySelector("code"))?.unicodeBidi,
    };
  });
}

for (const locale of ["ar", "en"] as const) {
  for (const viewport of [
    { name: "desktop", width: 1280, height: 900 },
    { name: "phone", width: 390, height: 844 },
  ]) {
    test(`Arabic answers read right to left, English ones left to right (${locale} UI, ${viewport.name})`, async ({ page }) => {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await setLocale(page, locale);
      await signIn(page, await createTestUser());
      await serveNextBattle(page, { responseA: arabicAnswer, responseB: englishAnswer });
      await page.getByTestId("skip").click();
      await expect(page.getByTestId("battle")).toHaveAttribute("data-battle-id", "00000000-0000-4000-8000-0000000000aa");

      const arabic = await layoutOf(page.getByTestId("response-a"));
      expect(arabic).toMatchObject({
        wrapper: "rtl",
        list: "rtl",
        // The first item starts with `npm install` and is still Arabic.
        items: ["rtl", "rtl", "rtl", "rtl"],
        orderedList: "rtl",
        cardInside: true,
        table: "rtl",
        firstColumnOnRight: true,
        code: "ltr",
        inlineCode: "ltr",
        inlineCodeIsolated: "isolate",
      });
      expect(arabic.startGap).toBeGreaterThanOrEqual(20);
      expect(arabic.quoteBar.right).toBeGreaterThan(0);
      expect(arabic.quoteBar.left).toBe(0);

      // A phone shows one answer at a time.
      if (viewport.name === "phone") {
        await page.screenshot({ path: `e2e/screenshots/markdown-direction-${locale}-${viewport.name}-a.png`, fullPage: true });
        await page.getByTestId("tab-b").click();
      }
      const english = await layoutOf(page.getByTestId("response-b"));
      expect(english).toMatchObject({ wrapper: "ltr", list: "ltr", items: ["ltr", "ltr"], table: "ltr", firstColumnOnRight: false });
      expect(english.startGap).toBeGreaterThanOrEqual(20);
      expect(english.quoteBar.left).toBeGreaterThan(0);
      expect(english.quoteBar.right).toBe(0);

      await page.screenshot({ path: `e2e/screenshots/markdown-direction-${locale}-${viewport.name}.png`, fullPage: true });
    });
  }
}
