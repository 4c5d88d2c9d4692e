import { expect, test } from "@playwright/test";
import { createTestUser, query } from "./helpers/db";
import { setLocale, signIn } from "./helpers/session";

test.describe("the annotator's vote loop", () => {
  test("votes with the mouse, sees the reveal, gets the next battle", async ({ page }) => {
    const user = await createTestUser();
    await signIn(page, user);
    const battle = page.getByTestId("battle");
    await expect(battle).toBeVisible();
    const firstId = await battle.getAttribute("data-battle-id");
    // No model names before the vote.
    await expect(page.getByTestId("reveal-a")).toHaveCount(0);
    const models = await query<{ display_name: string }>("SELECT display_name FROM models");
    const before = await page.locator("main").innerText();
    for (const m of models) expect(before).not.toContain(m.display_name);

    await page.locator("#vote-reason").fill("More complete answer");
    await page.getByTestId("vote-model_a").click();
    await expect(page.getByTestId("reveal")).toBeVisible();
    const revealedA = await page.getByTestId("reveal-a").innerText();
    const revealedB = await page.getByTestId("reveal-b").innerText();
    expect(models.map((m) => m.display_name)).toContain(revealedA);
    expect(revealedA).not.toBe(revealedB);

    const votes = await query<{ winner: string; reason: string }>("SELECT winner, reason FROM votes WHERE annotator_id = $1", [user.id]);
    expect(votes).toEqual([{ winner: "model_a", reason: "More complete answer" }]);

    await page.getByRole("button", { name: /Next battle/ }).click();
    await expect(page.getByTestId("vote-model_a")).toBeVisible();
    await expect(battle).not.toHaveAttribute("data-battle-id", firstId!);
  });

  test("votes, moves on and skips with the keyboard", async ({ page }) => {
    const user = await createTestUser();
    await signIn(page, user);
    const battle = page.getByTestId("battle");
    const firstId = await battle.getAttribute("data-battle-id");
    await page.keyboard.press("2");
    await expect(page.getByTestId("reveal")).toBeVisible();
    await page.keyboard.press("n");
    await expect(battle).not.toHaveAttribute("data-battle-id", firstId!);
    await expect(page.getByTestId("vote-tie")).toBeEnabled();
    const secondId = await battle.getAttribute("data-battle-id");
    await page.keyboard.press("s");
    await expect(battle).not.toHaveAttribute("data-battle-id", secondId!);
    await expect(page.getByTestId("vote-tie")).toBeEnabled();
    await page.keyboard.press("ArrowLeft");
    await expect(page.getByTestId("reveal")).toBeVisible();

    const rows = await query<{ winner: string }>("SELECT winner FROM votes WHERE annotator_id = $1 ORDER BY created_at", [user.id]);
    expect(rows.map((r) => r.winner)).toEqual(["model_b", "model_a"]);
    const skipped = await query<{ id: string }>("SELECT id FROM battles WHERE annotator_id = $1 AND skipped_at IS NOT NULL", [user.id]);
    expect(skipped.map((r) => r.id)).toEqual([secondId]);
  });

  test("works in the Arabic UI with a right-to-left layout", async ({ page }) => {
    const user = await createTestUser();
    await setLocale(page, "ar");
    await signIn(page, user);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.locator("html")).toHaveAttribute("lang", "ar");
    await expect(page.getByRole("heading", { name: "أيّ الإجابتين أفضل؟" })).toBeVisible();
    // Each text block chooses its own direction from its content.
    await expect(page.getByTestId("response-a").locator(".markdown > [dir]").first()).toBeVisible();
    await page.keyboard.press("1");
    await expect(page.getByTestId("reveal")).toContainText("شكرًا لك");
    await page.keyboard.press("n");
    // The next battle is a server round trip: slow on a loaded CI machine.
    await expect(page.getByTestId("vote-model_b")).toBeVisible({ timeout: 30_000 });
  });

  test("makes one request per vote: the vote's answer carries the next battle", async ({ page }) => {
    const user = await createTestUser();
    await signIn(page, user);
    const battle = page.getByTestId("battle");
    await expect(battle).toHaveAttribute("data-ready", "true");
    // Every request of the vote loop from here on (the progress view's courtesy GET is not part of it).
    const loop: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (request.method() === "POST" && url.pathname.startsWith("/api/")) loop.push(url.pathname);
    });
    const shown: string[] = [(await battle.getAttribute("data-battle-id"))!];
    for (let round = 0; round < 3; round++) {
      await page.keyboard.press(String((round % 2) + 1));
      await expect(page.getByTestId("reveal")).toBeVisible();
      await page.keyboard.press("n");
      await expect(battle).not.toHaveAttribute("data-battle-id", shown.at(-1)!, { timeout: 30_000 });
      await expect(page.getByTestId("vote-tie")).toBeEnabled();
      shown.push((await battle.getAttribute("data-battle-id"))!);
    }
    expect(loop).toEqual(["/api/votes", "/api/votes", "/api/votes"]);
    // Each battle shown is the one the server issued to this annotator, and each vote is recorded once.
    const rows = await query<{ battle_id: string }>("SELECT battle_id::text FROM votes WHERE annotator_id = $1 ORDER BY created_at", [user.id]);
    expect(rows.map((r) => r.battle_id)).toEqual(shown.slice(0, 3));
    const open = await query<{ id: string }>(
      "SELECT b.id::text FROM battles b WHERE b.annotator_id = $1 AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.battle_id = b.id)",
      [user.id],
    );
    expect(open.map((r) => r.id)).toEqual([shown[3]]);
  });

  test("the language switch is remembered", async ({ page }) => {
    const user = await createTestUser();
    await signIn(page, user);
    await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
    await page.getByTestId("locale-switcher").click();
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "ar");
    const saved = await query<{ ui_locale: string }>("SELECT ui_locale FROM users WHERE id = $1", [user.id]);
    expect(saved[0]!.ui_locale).toBe("ar");
  });
});

test.describe("votes are trustworthy", () => {
  test("a forged battle, someone else's battle and an invalid winner are refused; a double submit counts once", async ({ page, browser }) => {
    const owner = await createTestUser();
    await signIn(page, owner);
    const battleId = (await page.getByTestId("battle").getAttribute("data-battle-id"))!;

    const forged = await page.request.post("/api/votes", { data: { battleId: "00000000-0000-4000-8000-000000000000", winner: "model_a" } });
    expect(forged.status()).toBe(404);
    expect((await forged.json()).error.code).toBe("battle_not_found");

    const invalid = await page.request.post("/api/votes", { data: { battleId, winner: "model_c" } });
    expect(invalid.status()).toBe(422);
    const malformed = await page.request.post("/api/votes", { data: Buffer.from("{not json"), headers: { "content-type": "application/json" } });
    expect(malformed.status()).toBe(400);

    const intruderContext = await browser.newContext();
    const intruderPage = await intruderContext.newPage();
    await signIn(intruderPage, await createTestUser());
    const stolen = await intruderPage.request.post("/api/votes", { data: { battleId, winner: "model_b" } });
    expect(stolen.status()).toBe(404);
    await intruderContext.close();
    expect(await query("SELECT 1 FROM votes WHERE battle_id = $1", [battleId])).toHaveLength(0);

    const [a, b] = await Promise.all([
      page.request.post("/api/votes", { data: { battleId, winner: "tie" } }),
      page.request.post("/api/votes", { data: { battleId, winner: "tie" } }),
    ]);
    expect([a.status(), b.status()]).toEqual([200, 200]);
    const [ja, jb] = [(await a.json()).vote, (await b.json()).vote];
    expect(ja.modelA).toBe(jb.modelA);
    expect([ja.replayed, jb.replayed].sort()).toEqual([false, true]);
    const replay = await page.request.post("/api/votes", { data: { battleId, winner: "tie" } });
    expect(replay.status()).toBe(200);
    expect(await query("SELECT 1 FROM votes WHERE battle_id = $1", [battleId])).toHaveLength(1);
    const changed = await page.request.post("/api/votes", { data: { battleId, winner: "model_a" } });
    expect(changed.status()).toBe(409);
  });

  test("anonymous visitors are sent to sign in and refused by the API", async ({ page }) => {
    await page.goto("/battle");
    await expect(page).toHaveURL(/\/signin/);
    const vote = await page.request.post("/api/votes", { data: { battleId: "00000000-0000-4000-8000-000000000000", winner: "tie" } });
    expect(vote.status()).toBe(401);
    const next = await page.request.post("/api/battles/next", { data: {} });
    expect(next.status()).toBe(401);
  });

  test("an annotator is refused the admin and researcher pages", async ({ page }) => {
    await signIn(page, await createTestUser());
    for (const path of ["/admin", "/leaderboard"]) {
      await page.goto(path);
      await expect(page.getByTestId("forbidden")).toBeVisible();
    }
    await expect(page.getByTestId("admin-page")).toHaveCount(0);
  });
});
