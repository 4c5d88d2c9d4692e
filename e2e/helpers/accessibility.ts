import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

// An axe-core audit (WCAG 2.1 A and AA rules) of the page as it is now: its serious and critical violations, each
// named with the rule and the first elements, so a failure says what to fix.
export async function seriousAccessibilityViolations(page: Page, what: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${what} ${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}
