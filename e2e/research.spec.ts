import { expect, test } from "@playwright/test";
import { screenTests } from "./helpers/screens";
import { createTestUser } from "./helpers/db";
import { leaderboardVotes, shownVotes } from "./helpers/leaderboard";
import { signIn } from "./helpers/session";

test.describe("research views", () => {
  test("a vote appears in an open leaderboard without a reload", async ({ page, browser }) => {
    await signIn(page, await createTestUser("researcher"), "/leaderboard");
    await expect(page.getByTestId("leaderboard-table")).toBeVisible();
    const before = await shownVotes(page);
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    const annotatorContext = await browser.newContext();
    const annotator = await annotatorContext.newPage();
    await signIn(annotator, await createTestUser("annotator"));
    await annotator.keyboard.press("1");
    await expect(annotator.getByTestId("reveal")).toBeVisible();
    await annotatorContext.close();

    // Other tests vote meanwhile, so the open page cannot be expected to show exactly before + 1: it must
    // catch up with at least what the server counts now that this vote is stored.
    const atLeast = Math.max(before + 1, await leaderboardVotes(page.request));
    await expect.poll(() => shownVotes(page), { timeout: 15_000 }).toBeGreaterThanOrEqual(atLeast);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  test("a shared link's filters survive signing in, and a filter given twice is reported", async ({ page }) => {
    const link = "/leaderboard?language=ar&ties=drop";
    await page.goto(link, { waitUntil: "commit" });
    await page.waitForURL(/\/signin\?/, { waitUntil: "commit" });
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe(link);
    await signIn(page, await createTestUser("researcher"), new URL(page.url()).searchParams.get("callbackUrl")!);
    await expect(page.getByTestId("filter-language")).toHaveValue("ar");
    await expect(page.getByTestId("filter-ties")).toHaveValue("drop");

    await page.goto("/leaderboard?ties=drop&ties=half");
    await expect(page.getByTestId("repeated-filters")).toBeVisible();
    await expect(page.getByTestId("filter-ties")).toHaveValue("drop");
  });

  test("filters change the numbers and survive a reload via the URL", async ({ page }) => {
    await signIn(page, await createTestUser("researcher"), "/leaderboard");
    const all = await shownVotes(page);
    expect(all).toBeGreaterThan(0);
    await page.getByTestId("filter-language").selectOption("ar");
    await expect(page).toHaveURL(/language=ar/);
    await expect.poll(() => shownVotes(page)).toBeLessThan(all);
    const arabic = await shownVotes(page);
    expect(arabic).toBeGreaterThan(0);
    const ratings = () => page.getByTestId("rating").allInnerTexts();
    const withTies = await ratings();
    // Dropping ties changes the ratings (same votes matched, fewer counted).
    await page.getByTestId("filter-ties").selectOption("drop");
    await expect(page).toHaveURL(/ties=drop/);
    await expect.poll(ratings).not.toEqual(withTies);
    const withoutTies = await ratings();

    // Other tests may vote meanwhile: the reloaded page's count must lie between what the API says for
    // the same filters just before and just after the reload.
    const apiBefore = await leaderboardVotes(page.request, "?language=ar&ties=drop");
    await page.reload();
    await expect(page.getByTestId("filter-language")).toHaveValue("ar");
    await expect(page.getByTestId("filter-ties")).toHaveValue("drop");
    const shown = await shownVotes(page);
    const apiAfter = await leaderboardVotes(page.request, "?language=ar&ties=drop");
    expect(shown).toBeGreaterThanOrEqual(apiBefore);
    expect(shown).toBeLessThanOrEqual(apiAfter);
    expect(apiAfter).toBeLessThan(all + 5);
    expect(withoutTies.length).toBeGreaterThan(0);
  });

  test("the research API refuses annotators and anonymous visitors", async ({ page, request }) => {
    for (const path of ["/api/research/leaderboard", "/api/research/elo"]) {
      expect((await request.get(path)).status()).toBe(401);
    }
    await signIn(page, await createTestUser("annotator"));
    for (const path of ["/api/research/leaderboard", "/api/research/elo"]) {
      expect((await page.request.get(path)).status()).toBe(403);
    }
  });

  test("the API rejects invalid filters with a clear error", async ({ page }) => {
    await signIn(page, await createTestUser("researcher"), "/leaderboard");
    const response = await page.request.get("/api/research/leaderboard?language=fr&from=yesterday");
    expect(response.status()).toBe(422);
    const body = await response.json();
    expect(body.error.code).toBe("invalid_input");
  });
});

screenTests(
  "research screenshots",
  async ({ page }, { shot }) => {
    await signIn(page, await createTestUser("researcher"), "/leaderboard");
    await expect(page.getByTestId("ci-chart")).toBeVisible();
    await expect(page.getByTestId("leaderboard-table")).not.toContainText(/computing|جارٍ الحساب/, { timeout: 60_000 });
    await shot("leaderboard");
  },
);
