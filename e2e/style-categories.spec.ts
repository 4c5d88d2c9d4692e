import { expect, type Page } from "@playwright/test";
import { createTestUser } from "./helpers/db";
import { expectPageFitsWidth, screenTests } from "./helpers/screens";
import { signIn } from "./helpers/session";

// No sideways scrolling: neither the page nor any table inside its card (a table's scroll box is its wrapper).
async function expectNoSidewaysScroll(page: Page, width: number) {
  await expectPageFitsWidth(page, width);
  const tables = await page.evaluate(() =>
    [...document.querySelectorAll("table")].map((t) => {
      const box = t.parentElement!;
      return { id: t.dataset.testid ?? "", scroll: box.scrollWidth, client: box.clientWidth, table: t.scrollWidth };
    }),
  );
  for (const t of tables) {
    expect(t.scroll, `${t.id}: scrollWidth ≤ clientWidth`).toBeLessThanOrEqual(t.client);
    expect(t.table, `${t.id}: table ≤ its box`).toBeLessThanOrEqual(t.client);
  }
}

// Issue 15: the leaderboard's style-control toggle (style-controlled rating, interval and rank beside the raw
// ones, and the coefficients panel) and the per-category view, in both languages at desktop and phone width.
// Screenshots land in e2e/screenshots/ (git-ignored) for people to look at.
screenTests(
  "style control and categories",
  async ({ page }, { locale, viewport, shot }) => {
    await signIn(page, await createTestUser("researcher"), "/leaderboard");
    await expect(page.getByTestId("leaderboard-table")).toBeVisible({ timeout: 30_000 });
    // Raw by default: no style columns, no panel.
    await expect(page.getByTestId("style-panel")).toHaveCount(0);
    await expect(page.getByTestId("style-rating")).toHaveCount(0);

    // The filter bar's toggle puts style=on in the URL; the style columns and the panel appear.
    await expect(page.getByTestId("leaderboard-table")).not.toContainText(/computing|جارٍ|جار/, { timeout: 60_000 });
    await page.getByTestId("filter-style").selectOption("on");
    await expect(page).toHaveURL(/style=on/);
    const panel = page.getByTestId("style-panel");
    await expect(panel).toBeVisible({ timeout: 60_000 });
    await expect(panel.getByTestId("style-coefficients").locator("tbody tr")).toHaveCount(4);
    for (const feature of ["length", "headers", "lists", "bold"]) await expect(panel.locator(`tr[data-feature=${feature}]`)).toBeVisible();
    await expect(page.getByTestId("style-rating").first()).toHaveText(/\d/);
    // The default interval resamples annotators; the page says the style intervals resample votes.
    await expect(page.getByTestId("style-interval-note")).toHaveAttribute("data-cluster", "annotator");
    // …and that they resample the same units as the raw ones (annotators, the default).
    if (locale === "en") await expect(page.getByTestId("style-interval-note")).toContainText("Annotators");
    await shot("leaderboard-style");
    // Nothing is cut or scrolls sideways: at 1280 px every column (Elo last) fits the card; at 390 px the secondary
    // columns are hidden and their numbers are in each row's details, which open without widening the table.
    await expect(page.getByTestId("leaderboard-table")).not.toContainText(/computing|جارٍ|جار/, { timeout: 60_000 });
    await expectNoSidewaysScroll(page, viewport.width);
    if (viewport.name === "phone") {
      const table = page.getByTestId("leaderboard-table");
      await table.getByTestId("row-details-toggle").first().click();
      await expect(table.getByTestId("row-details").first()).toBeVisible();
      await expect(table.getByTestId("row-details").first()).toContainText(/%/);
      await expectNoSidewaysScroll(page, viewport.width);
      await shot("leaderboard-style-details", { fullPage: false });
    } else {
      // The last column (Elo over orders) lies wholly inside the card, on the left in Arabic, on the right in English.
      const box = (await page.getByTestId("leaderboard-table").locator("..").boundingBox())!;
      const last = (await page.getByTestId("leaderboard-table").locator("thead th").last().boundingBox())!;
      expect(last.x).toBeGreaterThanOrEqual(box.x - 0.5);
      expect(last.x + last.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
    }

    // The API gives the same style fields with style=on.
    const json = await (await page.request.get("/api/v1/leaderboard?style=on")).json();
    expect(json.styleControl.coefficients).toHaveLength(4);
    expect(json.entries.some((e: { style: unknown }) => e.style !== null)).toBe(true);

    // Reachable from the leaderboard: the link keeps the filters.
    const link = page.getByTestId("categories-link");
    await expect(link).toHaveAttribute("href", /^\/research\/categories\?.*style=on/);
    await page.goto((await link.getAttribute("href"))!);
    await expect(page.getByTestId("categories-method")).toBeVisible({ timeout: 60_000 });
    for (const kind of ["language", "category", "tag"]) await expect(page.getByTestId(`slices-${kind}`)).toBeVisible();
    const coding = page.locator('[data-testid=slice][data-kind=category][data-value=coding]');
    await expect(coding).toBeVisible();
    expect(Number(await coding.getAttribute("data-votes"))).toBeGreaterThan(0);
    // Every compared model has a change and a noise figure.
    const rows = page.locator("tr[data-change]");
    expect(await rows.count()).toBeGreaterThan(0);
    await shot("categories");
    // Nothing overflows the page sideways, and no slice table scrolls inside its card (at 390 px the noise bound,
    // positions and rating are in each row's details).
    await expectNoSidewaysScroll(page, viewport.width);
    if (viewport.name === "phone") {
      const table = page.getByTestId("slice-table").first();
      await table.getByTestId("row-details-toggle").first().click();
      await expect(table.getByTestId("row-details").first()).toContainText("≤");
      await expectNoSidewaysScroll(page, viewport.width);
      await shot("categories-details", { fullPage: false });
    }

    // A category or tag no prompt has: the page says so and offers the real ones, rather than an empty table.
    await page.goto("/research/categories?category=no-such-category");
    const unknown = page.getByTestId("unknown-filter");
    await expect(unknown).toBeVisible();
    await expect(unknown).toHaveAttribute("data-name", "category");
    await expect(unknown).toContainText(locale === "ar" ? "لا يوجد سؤال في التصنيف «no-such-category»" : "No prompt has the category “no-such-category”");
    await expect(page.getByTestId("categories-empty")).toHaveCount(0);
    await expect(unknown.getByTestId("known-value").filter({ hasText: /^coding$/ })).toBeVisible();
    await expectNoSidewaysScroll(page, viewport.width);
    await shot("categories-unknown");
    await unknown.getByTestId("known-value").filter({ hasText: /^coding$/ }).click();
    await expect(page).toHaveURL(/category=coding/);
    await expect(page.getByTestId("categories-method")).toBeVisible({ timeout: 60_000 });
    await page.goto("/leaderboard?tag=no-such-tag");
    await expect(page.getByTestId("unknown-filter")).toHaveAttribute("data-name", "tag");
    await expect(page.getByTestId("leaderboard-empty")).toHaveCount(0);
    // The API refuses both with 422 naming the parameter, its value and the real ones.
    const refused = await page.request.get("/api/v1/categories?category=no-such-category");
    expect(refused.status()).toBe(422);
    const body = await refused.json();
    expect(body.error.details.fieldErrors.category[0]).toContain("no-such-category");
    expect(body.error.details.known.category).toContain("coding");

    // Exported with the rest.
    await page.goto("/research/exports");
    const csvLink = page.getByTestId("export-categories-csv");
    await expect(csvLink).toBeVisible();
    const csv = await page.request.get((await csvLink.getAttribute("href"))!);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toMatch(/^"kind","value","sliceVotes","model"/);
    const api = await (await page.request.get("/api/v1/categories?language=ar&format=json")).json();
    expect(api.slices.filter((s: { kind: string }) => s.kind === "language").map((s: { value: string }) => s.value)).toEqual(["ar"]);
  },
  { timeoutMs: 360_000 },
);
