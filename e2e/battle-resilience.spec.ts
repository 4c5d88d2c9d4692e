import { expect, test, type Page } from "@playwright/test";
import { serveNextBattle } from "./helpers/crafted-battle";
import { createTestUser, query, type TestUser } from "./helpers/db";
import { setLocale, signIn, waitForBattle } from "./helpers/session";

const errorTexts = {
  en: { rateLimited: "Too many requests. Wait 7 seconds and try again.", server: "The server answered with an error (500). Try again.", network: "No connection to the server" },
  ar: { rateLimited: "طلبات كثيرة. انتظر 7 ثوانٍ ثم أعد المحاولة.", server: "ردّ الخادم بخطأ (500). أعد المحاولة.", network: "لا اتصال بالخادم" },
};

const votesOf = (user: TestUser) => query<{ winner: string; reason: string | null; battle_id: string }>("SELECT winner, reason, battle_id FROM votes WHERE annotator_id = $1 ORDER BY created_at", [user.id]);

// A key press as the browser gets it from a keyboard layout: physical key (code) and typed character (key).
async function pressPhysical(page: Page, code: string, key: string) {
  const cdp = await page.context().newCDPSession(page);
  for (const type of ["keyDown", "keyUp"] as const) await cdp.send("Input.dispatchKeyEvent", { type, code, key, text: type === "keyDown" ? key : undefined });
  await cdp.detach();
}

test.describe("failed votes", () => {
  for (const locale of ["ar", "en"] as const) {
    test(`are explained in the UI language (${locale}) and "try again" re-sends the same vote with the typed reason`, async ({ page }) => {
      const user = await createTestUser();
      await setLocale(page, locale);
      await signIn(page, user);
      const battleId = await page.getByTestId("battle").getAttribute("data-battle-id");
      await page.locator("#vote-reason").fill("السبب: الإجابة ب أدق");

      // Each failure once, in turn: a bare 500, a lost connection (every automatic retry), a 429.
      const failures: ((r: Parameters<Parameters<Page["route"]>[1]>[0]) => Promise<void>)[] = [
        (r) => r.fulfill({ status: 500, contentType: "text/plain", body: "Internal Server Error" }),
        (r) => r.abort("internetdisconnected"),
        (r) => r.fulfill({ status: 429, headers: { "Retry-After": "7" }, contentType: "application/json", body: JSON.stringify({ error: { code: "rate_limited", message: "Too many requests. Try again in 7 s.", details: { retryAfterSeconds: 7 } } }) }),
      ];
      let stage = 0;
      let networkAttempts = 0;
      await page.route("**/api/votes", async (route) => {
        if (stage === 1 && ++networkAttempts < 3) return route.abort("internetdisconnected");
        const handler = failures[stage];
        if (!handler) return route.continue();
        stage += 1;
        return handler(route);
      });

      await page.getByTestId("vote-model_b").click();
      const error = page.getByTestId("battle-error");
      await expect(error).toContainText(errorTexts[locale].server);
      await expect(error).not.toContainText("Internal Server Error");
      await page.getByTestId("retry").click();
      await expect(error).toContainText(errorTexts[locale].network);
      await expect(error).not.toContainText("Network error");
      await page.getByTestId("retry").click();
      await expect(error).toContainText(errorTexts[locale].rateLimited);
      await expect(page.locator("#vote-reason")).toHaveCount(0);
      await page.getByTestId("retry").click();

      await expect(page.getByTestId("reveal")).toBeVisible();
      await expect(page.getByTestId("battle")).toHaveAttribute("data-battle-id", battleId!);
      expect(await votesOf(user)).toEqual([{ winner: "model_b", reason: "السبب: الإجابة ب أدق", battle_id: battleId }]);
    });
  }

  test("an expired session leads to sign-in and back to the same battle, with the reason kept", async ({ page }) => {
    const user = await createTestUser();
    await setLocale(page, "ar");
    await signIn(page, user);
    const battleId = await page.getByTestId("battle").getAttribute("data-battle-id");
    await page.locator("#vote-reason").fill("أوضح وأدق");
    // The session ends (signed out elsewhere, cookie expired): only the language cookie is left.
    await page.context().clearCookies();
    await setLocale(page, "ar");

    await page.getByTestId("vote-model_a").click();
    await expect(page.getByTestId("battle-error")).toHaveAttribute("data-code", "unauthorized");
    await expect(page.getByTestId("battle-error")).toContainText("انتهت جلستك");
    await page.getByTestId("sign-in-again").click();
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fbattle$/);
    await page.locator('input[name="email"]').fill(user.email);
    await page.locator('input[name="password"]').fill(user.password);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(/\/battle$/, { waitUntil: "commit" });
    await waitForBattle(page);

    await expect(page.getByTestId("battle")).toHaveAttribute("data-battle-id", battleId!);
    await expect(page.locator("#vote-reason")).toHaveValue("أوضح وأدق");
    await page.getByTestId("vote-model_a").click();
    await expect(page.getByTestId("reveal")).toBeVisible();
    expect(await votesOf(user)).toEqual([{ winner: "model_a", reason: "أوضح وأدق", battle_id: battleId }]);
  });
});

test.describe("keyboard shortcuts", () => {
  test("work by physical key on an Arabic layout, with Arabic-Indic digits; Enter in the reason sends nothing, Escape gives the keys back", async ({ page }) => {
    const user = await createTestUser();
    await setLocale(page, "ar");
    await signIn(page, user);
    const battle = page.getByTestId("battle");
    const first = await battle.getAttribute("data-battle-id");

    // س is what the S key types on an Arabic layout.
    await pressPhysical(page, "KeyS", "س");
    await expect(battle).not.toHaveAttribute("data-battle-id", first!);
    await expect(battle).toHaveAttribute("data-phase", "voting");
    const second = await battle.getAttribute("data-battle-id");

    // ٢ (Arabic-Indic two) from a layout or on-screen keyboard that sends no physical code.
    await pressPhysical(page, "", "٢");
    await expect(page.getByTestId("reveal")).toBeVisible();
    // ى is what the N key types on an Arabic layout.
    await pressPhysical(page, "KeyN", "ى");
    await expect(battle).not.toHaveAttribute("data-battle-id", second!);
    await expect(battle).toHaveAttribute("data-phase", "voting");
    const third = await battle.getAttribute("data-battle-id");

    const reason = page.locator("#vote-reason");
    await reason.click();
    await page.keyboard.type("سبب ١");
    await page.keyboard.press("Enter");
    await expect(reason).toBeFocused();
    await expect(reason).toHaveValue("سبب ١");
    await page.keyboard.press("Escape");
    await expect(reason).not.toBeFocused();
    await pressPhysical(page, "Digit1", "1");
    await expect(page.getByTestId("reveal")).toBeVisible();

    expect(await votesOf(user)).toEqual([
      { winner: "model_b", reason: null, battle_id: second },
      { winner: "model_a", reason: "سبب ١", battle_id: third },
    ]);
  });
});

const longAnswer = (word: string) => Array.from({ length: 60 }, (_, i) => `${i + 1}. ${word} ${"نص طويل للقراءة ".repeat(6)}`).join("\n");

test.describe("on a phone", () => {
  for (const locale of ["ar", "en"] as const) {
    test(`answers switch with A/B tabs keeping each one's scroll, the vote panel is compact and shows its status (${locale})`, async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await setLocale(page, locale);
      const user = await createTestUser();
      await signIn(page, user);
      await serveNextBattle(page, { responseA: longAnswer("أ"), responseB: longAnswer("ب") });
      await page.getByTestId("skip").click();
      await expect(page.getByTestId("battle")).toHaveAttribute("data-battle-id", "00000000-0000-4000-8000-0000000000aa");
      await page.unroute("**/api/battles/next");

      await expect(page.getByTestId("response-a")).toBeVisible();
      await expect(page.getByTestId("response-b")).toBeHidden();
      const panel = page.getByTestId("vote-panel");
      expect((await panel.boundingBox())!.height).toBeLessThan(844 * 0.18);
      for (const hint of await panel.locator("kbd").all()) await expect(hint).toBeHidden();
      await page.screenshot({ path: `e2e/screenshots/battle-phone-tabs-${locale}.png` });

      await page.evaluate(() => window.scrollTo({ top: 1500 }));
      await page.getByTestId("tab-b").click();
      await expect(page.getByTestId("response-b")).toBeVisible();
      await expect(page.getByTestId("response-a")).toBeHidden();
      await expect(page.getByTestId("tab-b")).toHaveAttribute("aria-selected", "true");
      await page.evaluate(() => window.scrollTo({ top: 900 }));
      await page.getByTestId("tab-a").click();
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(1500);
      await page.getByTestId("tab-b").click();
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(900);

      // The vote waits at the network until the status has been seen.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      await page.route("**/api/votes", async (route) => {
        await released;
        await route.fulfill({ status: 410, contentType: "application/json", body: JSON.stringify({ error: { code: "battle_expired", message: "This battle has expired. Load a new one." } }) });
      });
      await page.getByTestId("vote-model_a").click();
      await expect(page.getByTestId("battle-status")).toBeVisible();
      await expect(page.getByTestId("battle-status")).toHaveText(locale === "ar" ? "جارٍ تسجيل صوتك…" : "Recording your vote…");
      await page.screenshot({ path: `e2e/screenshots/battle-phone-sending-${locale}.png` });
      release();
      await expect(page.getByTestId("battle-error")).toHaveAttribute("data-code", "battle_expired");
      await page.getByTestId("load-new").click();
      await expect(page.getByTestId("battle")).not.toHaveAttribute("data-battle-id", "00000000-0000-4000-8000-0000000000aa");
    });
  }

  test("on a wide screen both answers show side by side without tabs", async ({ page }) => {
    await signIn(page, await createTestUser());
    await expect(page.getByTestId("response-tabs")).toBeHidden();
    await expect(page.getByTestId("response-a")).toBeVisible();
    await expect(page.getByTestId("response-b")).toBeVisible();
  });
});
