import { expect, type APIRequestContext, type Page } from "@playwright/test";

// Votes behind the leaderboard, as the research API counts them for a query string ("?language=ar").
export async function leaderboardVotes(request: APIRequestContext, query = ""): Promise<number> {
  const response = await request.get(`/api/research/leaderboard${query}`);
  expect(response.status()).toBe(200);
  return (await response.json()).votes as number;
}

// Votes the open leaderboard page shows.
export async function shownVotes(page: Page): Promise<number> {
  return Number(await page.getByTestId("leaderboard-votes").getAttribute("data-votes"));
}
