import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { aggregateVotes, computeLeaderboard, parseCleanBattles } from "../lib/ratings";
import arMessages from "../lib/i18n/messages/ar/research.json" with { type: "json" };
import enMessages from "../lib/i18n/messages/en/research.json" with { type: "json" };
import { createTestUser } from "./helpers/db";
import { expectPageFitsWidth } from "./helpers/screens";
import { setLocale, signIn } from "./helpers/session";

type Entry = { model: string; rating: number; votes: number; elo: number | null };

test.describe("exports and the read-only API", () => {
  test("exports parse back to the same numbers", async ({ page }) => {
    await signIn(page, await createTestUser("researcher"), "/research/exports");
    // Every export over the same votes: specs running alongside vote (and exclude annotators) between
    // these requests, so all of them read only the demo's votes up to two days ago (UTC), which no test
    // changes. Two days, not one, so no time-zone difference in how vote times are stored can matter.
    const until = `to=${new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)}`;
    const json = await (await page.request.get(`/api/v1/leaderboard?format=json&${until}`)).json();
    const entries: Entry[] = json.entries;
    expect(entries.length).toBeGreaterThanOrEqual(5);

    // CSV and JSON carry the same leaderboard.
    const csvResponse = await page.request.get(`/api/v1/leaderboard?format=csv&${until}`);
    expect(csvResponse.headers()["content-type"]).toContain("text/csv");
    const csv: Record<string, string>[] = parse(await csvResponse.text(), { columns: true });
    expect(csv.map((r) => [r.model, Number(r.rating), Number(r.votes)])).toEqual(entries.map((e) => [e.model, e.rating, e.votes]));

    // The clean_battle export, rated independently from the raw votes, reproduces the ratings.
    const battlesText = await (await page.request.get(`/api/v1/votes?format=clean_battle&${until}`)).text();
    const parsed = parseCleanBattles(battlesText);
    expect(parsed.records).toBe(json.votes);
    const counts = aggregateVotes(parsed.votes.modelA, parsed.votes.modelB, parsed.votes.outcome, parsed.models.length);
    const recomputed = computeLeaderboard(counts, parsed.models, { bootstrap: 0 });
    for (const e of entries) {
      const row = recomputed.models.find((m) => m.model === e.model)!;
      expect(Math.abs(row.rating! - e.rating)).toBeLessThanOrEqual(0.051);
      expect(row.votes).toBe(e.votes);
    }
    const first = JSON.parse(battlesText)[0];
    expect(Object.keys(first)).toEqual(expect.arrayContaining(["model_a", "model_b", "winner", "language", "tstamp", "question_id", "judge"]));
    expect(first.judge).toMatch(/^judge_[0-9a-f]{12}$/);

    // JSONL: one vote per line, same count.
    const jsonl = (await (await page.request.get(`/api/v1/votes?format=jsonl&${until}`)).text()).trim().split("\n");
    expect(jsonl).toHaveLength(json.votes);
    expect(JSON.parse(jsonl[0]!)).toHaveProperty("winner");

    // Matrices are square over the same models.
    const matrices = await (await page.request.get(`/api/v1/matrices?${until}`)).json();
    expect(matrices.models.sort()).toEqual(entries.map((e) => e.model).sort());
    expect(matrices.games).toHaveLength(matrices.models.length);
  });

  test("an admin-issued token reads the API until it is revoked; others are refused", async ({ page, playwright, baseURL }) => {
    const anonymous = await playwright.request.newContext({ baseURL });
    expect((await anonymous.get("/api/v1/leaderboard")).status()).toBe(401);
    expect((await anonymous.get("/api/v1/leaderboard", { headers: { authorization: "Bearer arena_not-a-token" } })).status()).toBe(401);

    await signIn(page, await createTestUser("admin"), "/research/exports");
    // A name of its own: specs running alongside issue tokens too, and this test must revoke its own.
    const tokenName = `notebook-${Date.now().toString(36)}`;
    await page.locator("#token-name").fill(tokenName);
    await page.getByRole("button", { name: "Issue token" }).click();
    const token = (await page.getByTestId("issued-token").locator("code").innerText()).trim();
    expect(token).toMatch(/^arena_/);

    const withToken = { headers: { authorization: `Bearer ${token}` } };
    expect((await anonymous.get("/api/v1/leaderboard?language=ar", withToken)).status()).toBe(200);
    expect((await anonymous.get("/api/v1/votes?format=clean_battle", withToken)).status()).toBe(200);
    expect((await anonymous.get("/api/v1/leaderboard?language=xx", withToken)).status()).toBe(422);

    const row = page.getByRole("row").filter({ hasText: tokenName });
    await row.getByRole("button", { name: "Revoke" }).click();
    await page.getByTestId("revoke-dialog").getByRole("button", { name: "Revoke the token" }).click();
    await expect(row.getByText("Revoked")).toBeVisible();
    expect((await anonymous.get("/api/v1/leaderboard", withToken)).status()).toBe(401);
    await anonymous.dispose();
  });

  test("annotators are refused the API and the research pages", async ({ page }) => {
    await signIn(page, await createTestUser("annotator"));
    for (const path of ["/api/v1/leaderboard", "/api/v1/matrices", "/api/v1/votes"]) {
      expect((await page.request.get(path)).status()).toBe(403);
    }
    for (const path of ["/research/matrices", "/research/report", "/research/exports"]) {
      await page.goto(path);
      await expect(page.getByTestId("forbidden")).toBeVisible();
    }
  });

  test("matrices and report pages render, with screenshots", async ({ page }) => {
    await signIn(page, await createTestUser("researcher"), "/research/matrices");
    await expect(page.getByTestId("matrix-empirical")).toBeVisible();
    await expect(page.getByTestId("matrix-predicted")).toBeVisible();
    await page.screenshot({ path: "e2e/screenshots/matrices-en-desktop.png", fullPage: true });
    await page.goto("/research/report");
    await expect(page.getByTestId("report-perturbations").locator("tr[data-kind=tiesDropped]")).toBeVisible();
    await expect(page.getByTestId("report-perturbations").locator("tr[data-kind=language]")).toHaveCount(2);
    await expect(page.getByTestId("report-elo")).toBeVisible();
    await page.screenshot({ path: "e2e/screenshots/report-en-desktop.png", fullPage: true });
  });

  // The token form as an Arabic or English admin sees it: its refusals in the UI language (the server's zod
  // messages are English), a 100-character name without a space wraps inside the table at desktop and phone
  // width, and revoking asks first, in a dialog that names the token.
  for (const locale of ["ar", "en"] as const) {
    test(`the token form speaks the UI language, long names wrap, revoking is confirmed (${locale})`, async ({ page, playwright, baseURL }) => {
      const t = (locale === "ar" ? arMessages : enMessages).research.exports;
      await setLocale(page, locale);
      await page.setViewportSize({ width: 1280, height: 900 });
      await signIn(page, await createTestUser("admin"), "/research/exports");
      await page.waitForLoadState("load");

      // Blank (spaces only) is refused by the server, and said in the UI language.
      await page.locator("#token-name").fill("   ");
      await page.getByRole("button", { name: t.create }).click();
      await expect(page.getByTestId("token-error")).toHaveText(t.invalid.name);
      await expect(page.locator("#token-name")).toHaveAttribute("aria-invalid", "true");

      // The longest name allowed, without a space (unique: specs running alongside issue tokens too).
      const tokenName = `wrap-${locale}-${Date.now().toString(36)}-`.padEnd(100, "x");
      await page.locator("#token-name").fill(tokenName);
      await page.getByRole("button", { name: t.create }).click();
      const token = (await page.getByTestId("issued-token").locator("code").innerText()).trim();
      await expect(page.getByTestId("token-error")).toHaveCount(0);
      const row = page.getByRole("row").filter({ hasText: tokenName });
      await expect(row).toBeVisible();
      // The one-time token is announced (a live region), and a refused attempt after it takes its box away: beside
      // the refusal it read as that attempt's token (outside eyes). A name of zero-width spaces would show blank.
      await expect(page.getByTestId("issued-token")).toHaveAttribute("role", "status");
      await page.locator("#token-name").fill("\u200b\u200b\u200b");
      await page.getByRole("button", { name: t.create }).click();
      await expect(page.getByTestId("token-error")).toHaveText(t.invalid.name);
      await expect(page.getByTestId("issued-token")).toHaveCount(0);

      const table = page.getByTestId("api-tokens");
      const tableFits = () => table.evaluate((e) => e.getBoundingClientRect().width <= (e.parentElement as HTMLElement).clientWidth + 1);
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        expect(await tableFits(), `the tokens table fits its box at ${width} px`).toBe(true);
        const name = row.getByTestId("token-name-cell");
        const nameBox = (await name.boundingBox())!;
        expect(nameBox.height, `the name wraps onto several lines at ${width} px`).toBeGreaterThan(40);
        await expectPageFitsWidth(page, width);
        await page.screenshot({ path: `e2e/screenshots/exports-tokens-${locale}-${width === 390 ? "phone" : "desktop"}.png`, fullPage: true });
      }
      await page.setViewportSize({ width: 1280, height: 900 });

      // Revoking asks first: keeping the token closes the dialog and leaves it working.
      const anonymous = await playwright.request.newContext({ baseURL });
      const withToken = { headers: { authorization: `Bearer ${token}` } };
      const dialog = page.getByTestId("revoke-dialog");
      await row.getByRole("button", { name: t.revoke }).click();
      await expect(dialog).toBeVisible();
      // The name is isolated (U+2068…U+2069): a Latin name inside the Arabic sentence keeps the quotes around it.
      await expect(dialog.getByRole("heading")).toHaveText(t.revokeTitle.replace("{name}", `\u2068${tokenName}\u2069`));
      await expect(dialog).toContainText(t.revokeBody);
      await page.screenshot({ path: `e2e/screenshots/exports-revoke-${locale}-desktop.png` });
      await dialog.getByRole("button", { name: t.revokeCancel }).click();
      await expect(dialog).toBeHidden();
      await expect(row.getByText(t.revoked, { exact: true })).toHaveCount(0);
      expect((await anonymous.get("/api/v1/leaderboard", withToken)).status()).toBe(200);

      // Escape cancels too; confirming revokes.
      await row.getByRole("button", { name: t.revoke }).click();
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
      // By keyboard: the Revoke button, then the confirmation. Focus is not dropped to the page's start when the
      // button it was on becomes "Revoked": it lands on the tokens table.
      await row.getByRole("button", { name: t.revoke }).focus();
      await page.keyboard.press("Enter");
      await expect(dialog).toBeVisible();
      await dialog.getByRole("button", { name: t.revokeConfirm }).focus();
      await page.keyboard.press("Enter");
      await expect(row.getByText(t.revoked, { exact: true })).toBeVisible();
      await expect(page.getByRole("region", { name: t.tokensTable })).toBeFocused();
      expect((await anonymous.get("/api/v1/leaderboard", withToken)).status()).toBe(401);
      await anonymous.dispose();
    });
  }
});
