import { expect } from "@playwright/test";
import { createTestUser } from "./helpers/db";
import { screenTests } from "./helpers/screens";
import { signIn } from "./helpers/session";

// Issue 15: the leaderboard's style-control toggle (style-controlled rating, interval and rank beside the raw
// ones, and the coefficients panel) and the per-category view, in both languages at desktop and phone width.
// Screenshots land in e2e/screenshots/ (git-ignored) for people to look at.
screenTests(
  "style control and categories",
  async ({ page }, { locale, shot }) => {
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
    // Nothing overflows the page sideways (tables scroll inside their cards).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);

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
