import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { screenTests } from "./helpers/screens";
import { createTestUser, query, type TestUser } from "./helpers/db";
import { leaderboardVotes, shownVotes } from "./helpers/leaderboard";
import { setLocale, signIn } from "./helpers/session";

// The demo set by name (lib/server/demo/seed-demo.ts): other specs running alongside add prompt sets
// whose names sort before it.
const demoSetName = "Demo: Arabic & English";

// Votes of excluded annotators, as the leaderboard API counts them: with and without excluded annotators.
// Other specs vote meanwhile, so the "include" count is read again after the "exclude" one and the pair is
// used only when no vote landed between them (votes are only ever added).
async function excludedGap(request: APIRequestContext): Promise<number> {
  for (;;) {
    const include = await leaderboardVotes(request, "?excluded=include");
    const exclude = await leaderboardVotes(request, "?excluded=exclude");
    if ((await leaderboardVotes(request, "?excluded=include")) === include) return include - exclude;
  }
}

// Presses n and waits until the next battle is ready for a vote.
async function nextBattle(page: Page) {
  const battle = page.getByTestId("battle");
  const id = await battle.getAttribute("data-battle-id");
  await page.keyboard.press("n");
  await expect(battle).not.toHaveAttribute("data-battle-id", id!);
  await expect(page.getByTestId("vote-model_a")).toBeEnabled();
}

// Votes `count` times through the battle page (1 = A is better).
async function voteTimes(page: Page, count: number) {
  for (let i = 0; i < count; i++) {
    await expect(page.getByTestId("vote-model_a")).toBeEnabled();
    await page.keyboard.press("1");
    await expect(page.getByTestId("reveal")).toBeVisible();
    if (i < count - 1) await nextBattle(page);
  }
}

const progressCount = (page: Page, which: "today" | "total") => page.getByTestId(`progress-${which}`).getAttribute("data-count").then(Number);

test.describe("annotator quality", () => {
  test("a researcher excludes an annotator in one click and the leaderboard loses their votes", async ({ page, browser }) => {
    const annotator = await createTestUser("annotator");
    const annotatorContext = await browser.newContext();
    const annotatorPage = await annotatorContext.newPage();
    await signIn(annotatorPage, annotator);
    await voteTimes(annotatorPage, 2);
    await annotatorContext.close();

    await signIn(page, await createTestUser("researcher"), "/leaderboard");
    // Other tests vote meanwhile: compare the leaderboard with and without excluded annotators.
    const gapBefore = await excludedGap(page.request);

    await page.goto("/research/annotators");
    const row = page.locator(`[data-testid=annotator-row][data-email="${annotator.email}"]`);
    await expect(row).toHaveAttribute("data-votes", "2");
    await expect(row).toHaveAttribute("data-excluded", "false");
    await row.getByTestId("exclude-toggle").click();
    await expect(row).toHaveAttribute("data-excluded", "true");

    await expect.poll(() => excludedGap(page.request)).toBe(gapBefore + 2);
    const [{ count }] = await query<{ count: string }>("SELECT count(*) FROM votes WHERE annotator_id = $1", [annotator.id]);
    expect(Number(count)).toBe(2);
    // The page shows the leaderboard without the excluded votes. Other tests may vote meanwhile, so the
    // page's count must lie between the API's "exclude" counts read just before and just after it.
    const excludedBefore = await leaderboardVotes(page.request, "?excluded=exclude");
    await page.goto("/leaderboard");
    const shown = await shownVotes(page);
    const excludedAfter = await leaderboardVotes(page.request, "?excluded=exclude");
    expect(shown).toBeGreaterThanOrEqual(excludedBefore);
    expect(shown).toBeLessThanOrEqual(excludedAfter);

    // One click back.
    await page.goto("/research/annotators");
    await row.getByTestId("exclude-toggle").click();
    await expect(row).toHaveAttribute("data-excluded", "false");
    await expect.poll(() => excludedGap(page.request)).toBe(gapBefore);
  });

  test("the annotator's progress goes up after each vote, without a reload", async ({ page }) => {
    await signIn(page, await createTestUser("annotator"));
    await expect(page.getByTestId("annotator-progress")).toBeVisible();
    expect(await progressCount(page, "today")).toBe(0);
    expect(await progressCount(page, "total")).toBe(0);
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await page.keyboard.press("1");
    await expect(page.getByTestId("reveal")).toBeVisible();
    await expect.poll(() => progressCount(page, "today")).toBe(1);
    expect(await progressCount(page, "total")).toBe(1);
    await nextBattle(page);
    await page.keyboard.press("2");
    await expect.poll(() => progressCount(page, "total")).toBe(2);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  test("an admin marks a gold pair and deletes it", async ({ page }) => {
    const admin = await createTestUser("admin");
    await signIn(page, admin, "/admin/gold");
    await page.locator("#gold-set").selectOption({ label: demoSetName });
    await page.getByRole("button", { name: "Find" }).click();
    await expect(page.getByTestId("gold-matches")).toBeVisible();
    // A prompt whose pairs are not gold yet: the demo seeds none, this test deletes its own, and the
    // quality screenshots mark theirs on the demo set's last prompts, not its first.
    await page.getByTestId("gold-choose").first().click();
    await expect(page.getByTestId("gold-chosen")).toBeVisible();
    // Specs running alongside add and delete gold pairs: count and delete only this prompt's.
    const promptId = new URL(page.url()).searchParams.get("prompt");
    const [chosen] = await query<{ external_id: string }>("SELECT external_id FROM prompts WHERE id = $1", [promptId]);
    const mine = page.getByTestId("gold-pair").filter({ hasText: new RegExp(`\\b${chosen!.external_id}\\b`) });
    await expect(mine).toHaveCount(0);
    await page.getByTestId("gold-better").selectOption({ index: 1 });
    await page.getByTestId("gold-worse").selectOption({ index: 1 });
    await expect(page.getByTestId("gold-save")).toBeDisabled();
    await page.getByTestId("gold-worse").selectOption({ index: 2 });
    // Both answers are shown side by side before saving, each the chosen model's stored text.
    const [better, worse] = await query<{ text: string }>(
      "SELECT r.text FROM responses r JOIN models m ON m.id = r.model_id WHERE r.prompt_id = $1 AND m.id = ANY($2::uuid[]) ORDER BY array_position($2::uuid[], m.id)",
      [promptId, [await page.getByTestId("gold-better").inputValue(), await page.getByTestId("gold-worse").inputValue()]],
    );
    // Two plain words in a row, which the Markdown rendering keeps as they are.
    const firstWords = (text: string) => text.match(/\p{L}{3,} \p{L}{3,}/u)?.[0] ?? "";
    expect(firstWords(better!.text)).not.toBe("");
    expect(firstWords(worse!.text)).not.toBe("");
    await expect(page.getByTestId("gold-better-text")).toContainText(firstWords(better!.text));
    await expect(page.getByTestId("gold-worse-text")).toContainText(firstWords(worse!.text));
    await page.getByTestId("gold-save").click();
    await expect(mine).toHaveCount(1);
    await expect(page.getByTestId("gold-chosen")).toHaveCount(0);

    page.on("dialog", (dialog) => void dialog.accept());
    await mine.getByTestId("gold-delete").click();
    await expect(mine).toHaveCount(0);
    const audit = await query<{ action: string }>("SELECT action FROM audit_log WHERE actor_id = $1 AND action LIKE 'goldPair.%' ORDER BY created_at", [admin.id]);
    expect(audit.map((a) => a.action)).toEqual(["goldPair.created", "goldPair.deleted"]);
  });

  test("annotators cannot reach the annotators page; researchers cannot reach gold pairs", async ({ browser }) => {
    const cases: { role: "annotator" | "researcher"; path: string }[] = [
      { role: "annotator", path: "/research/annotators" },
      { role: "researcher", path: "/admin/gold" },
    ];
    for (const { role, path } of cases) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, await createTestUser(role));
      await page.goto(path);
      await expect(page.getByTestId("forbidden"), `${role} on ${path}`).toBeVisible();
      await expect(page.getByTestId("exclude-toggle")).toHaveCount(0);
      await expect(page.getByTestId("gold-search")).toHaveCount(0);
      await context.close();
    }
  });
});

// A gold pair with a few gold votes, so the screenshots show gold accuracy and a flag. On the demo set
// only: the prompts other specs create alongside are theirs (one of them marks its own gold pair).
async function seedGoldVotes(annotator: TestUser) {
  const [pair] = await query<{ prompt_id: string; a: string; b: string; language: string }>(`
    SELECT r1.prompt_id, r1.model_id AS a, r2.model_id AS b, p.language::text AS language
    FROM responses r1 JOIN responses r2 ON r2.prompt_id = r1.prompt_id AND r2.model_id > r1.model_id
    JOIN prompts p ON p.id = r1.prompt_id
    JOIN prompt_sets s ON s.id = p.prompt_set_id AND s.name = $1
    WHERE NOT EXISTS (SELECT 1 FROM gold_pairs g WHERE g.prompt_id = r1.prompt_id AND g.model_low_id = r1.model_id AND g.model_high_id = r2.model_id)
    ORDER BY p.external_id DESC LIMIT 1`, [demoSetName]);
  if (!pair) return;
  await query(`INSERT INTO gold_pairs (id, prompt_id, model_low_id, model_high_id, better_model_id) VALUES (gen_random_uuid(), $1, $2, $3, $2) ON CONFLICT DO NOTHING`, [pair.prompt_id, pair.a, pair.b]);
  const battleId = (await query<{ id: string }>(
    `INSERT INTO battles (id, annotator_id, prompt_id, model_a_id, model_b_id, pair_low_id, pair_high_id, expires_at, is_gold)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $3, $4, now(), true) ON CONFLICT DO NOTHING RETURNING id`,
    [annotator.id, pair.prompt_id, pair.a, pair.b],
  ))[0]?.id;
  if (!battleId) return;
  await query(
    `INSERT INTO votes (id, battle_id, annotator_id, prompt_id, model_a_id, model_b_id, language, winner, time_taken_ms, is_gold, flagged_fast)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6::"Language", 'model_b', 1200, true, true)`,
    [battleId, annotator.id, pair.prompt_id, pair.a, pair.b, pair.language],
  );
}

// Several full-page screenshots: minutes on a loaded CI machine.
screenTests(
  "quality screenshots",
  async ({ page, browser }, { locale, viewport, shot }) => {
    const annotator = await createTestUser("annotator");
    await seedGoldVotes(annotator);
    const annotatorContext = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    const annotatorPage = await annotatorContext.newPage();
    await setLocale(annotatorPage, locale);
    await signIn(annotatorPage, annotator);
    await voteTimes(annotatorPage, 1);
    await expect.poll(() => progressCount(annotatorPage, "total")).toBe(2);
    await shot("battle-progress", { page: annotatorPage, fullPage: false });
    await annotatorContext.close();

    await signIn(page, await createTestUser("admin"), "/research/annotators");
    await expect(page.getByTestId("annotator-list")).toBeVisible();
    await shot("research-annotators");
    await page.getByTestId("quality-thresholds").screenshot({ path: `e2e/screenshots/research-annotators-thresholds-${locale}-${viewport.name}.png` });
    // Phones: the first screen too, readable without the full page's height.
    if (viewport.name === "phone") await shot("research-annotators-top", { fullPage: false });
    await page.goto("/admin/gold");
    await page.locator("#gold-set").selectOption({ label: demoSetName });
    await page.locator("#gold-q").fill(locale === "ar" ? "ما" : "what");
    await page.locator("#gold-q").press("Enter");
    await expect(page.getByTestId("gold-search")).toBeVisible();
    const choose = page.getByTestId("gold-choose").first();
    if (await choose.count()) {
      await choose.click();
      await expect(page.getByTestId("gold-chosen")).toBeVisible();
    }
    await shot("admin-gold");
  },
  { timeoutMs: 240_000 },
);
