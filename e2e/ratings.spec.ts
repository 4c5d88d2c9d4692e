import { expect, test } from "@playwright/test";
import { createTestUser } from "./helpers/db";
import { signIn } from "./helpers/session";

test.describe("honest intervals and ranks (issue 13)", () => {
  test("the leaderboard says which interval it shows, from how many annotators, and what its votes are", async ({ page }) => {
    await signIn(page, await createTestUser("researcher"), "/leaderboard");
    // Elo filled in by the client's first poll: the page is hydrated and the filter bar answers.
    await expect(page.getByTestId("leaderboard-table")).not.toContainText(/computing/, { timeout: 60_000 });
    const method = page.getByTestId("interval-method");
    await expect(method).toHaveAttribute("data-cluster", "annotator");
    const clusters = Number(await method.getAttribute("data-clusters"));
    const annotators = Number(await page.getByTestId("leaderboard-annotators").getAttribute("data-annotators"));
    expect(clusters).toBeGreaterThan(0);
    expect(clusters).toBeLessThanOrEqual(annotators);
    await expect(method).toContainText(`${clusters}`);
    await expect(page.getByTestId("leaderboard-dates")).toBeVisible();
    // Overlap is not called a test any more.
    await expect(page.getByText(/not settled/)).toHaveCount(0);

    // The API says the same; the displayed rank is rank(UB).
    const json = await (await page.request.get("/api/v1/leaderboard")).json();
    expect(json.interval).toMatchObject({ cluster: "annotator" });
    expect(json.summary.annotators).toBeGreaterThan(0);
    for (const e of json.entries) if (e.status !== "unrankable") expect(e.rank).toBe(e.rankBest);

    // The filter bar switches to single votes, and the page says so.
    await page.getByTestId("filter-cluster").selectOption("vote");
    await expect(page).toHaveURL(/cluster=vote/);
    await expect(method).toHaveAttribute("data-cluster", "vote");
  });
});
