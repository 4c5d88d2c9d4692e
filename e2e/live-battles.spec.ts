import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { FakeOpenAI } from "../tests/helpers/fake-openai";
import { createTestUser, query } from "./helpers/db";
import { seriousAccessibilityViolations } from "./helpers/accessibility";
import { setLocale, signIn } from "./helpers/session";

// A live battle end to end in Chromium, through a local OpenAI-compatible server started by this spec:
// write a prompt, watch both answers stream, ask a follow-up, vote, see the names; a side that drops
// mid-stream voids the battle; the stop button ends both streams. Arabic and English, 1280 and 390 wide.
// The spec's live campaign is dated first, so it is the one served (the demo seeds another, later one).
// The fake's queue is shared by the tests here: they run one after another.
test.describe.configure({ mode: "serial" });

let fake: FakeOpenAI;
const tag = randomBytes(3).toString("hex");
const keys = [`live-e2e-a-${tag}`, `live-e2e-b-${tag}`];
let campaignId = "";

const replies = [
  (prompt: string, arabic: boolean) =>
    arabic
      ? `**الجواب:** ${prompt}\n\n1. النقطة الأولى\n2. النقطة الثانية\n\nThe term *API* stays in English.`
      : `**Answer:** ${prompt}\n\n1. First point\n2. Second point\n\nمثال بالعربية في سطر مستقل.`,
  (prompt: string, arabic: boolean) =>
    arabic ? `سؤال جميل: ${prompt} — إليك شرحًا مختصرًا في فقرة واحدة واضحة.` : `Good question: ${prompt} — here is a short explanation in one clear paragraph.`,
];

test.beforeAll(async () => {
  fake = await new FakeOpenAI().start();
  fake.tokenDelayMs = 15;
  fake.reply = (model, prompt) => replies[model.endsWith("-a") ? 0 : 1]!(prompt, /[\u0600-\u06FF]/.test(prompt));
  const ids: string[] = [];
  for (const [k, key] of keys.entries()) {
    const [model] = await query<{ id: string }>(`INSERT INTO models (id, key, display_name) VALUES (gen_random_uuid(), $1, $2) RETURNING id::text`, [key, `Live Model ${"AB"[k]} ${tag}`]);
    ids.push(model!.id);
    await query(
      `INSERT INTO model_endpoints (id, model_id, base_url, remote_model, concurrency, timeout_ms, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, 8, 20000, now())`,
      [model!.id, fake.baseUrl, `served-${tag}-${"ab"[k]}`],
    );
  }
  const [campaign] = await query<{ id: string }>(
    `INSERT INTO campaigns (id, name, active, live, live_turn_limit, created_at) VALUES (gen_random_uuid(), $1, true, true, 2, '2000-01-01') RETURNING id::text`,
    [`Live e2e ${tag}`],
  );
  campaignId = campaign!.id;
  for (const id of ids) await query(`INSERT INTO campaign_models (campaign_id, model_id) VALUES ($1, $2)`, [campaignId, id]);
});

test.afterAll(async () => {
  await query(`UPDATE campaigns SET active = false WHERE id = $1`, [campaignId]);
  await fake.stop();
});

test.beforeEach(() => {
  fake.queue = [];
  fake.tokenDelayMs = 15;
});

async function openLive(page: Page, locale: "ar" | "en", width: number) {
  await page.setViewportSize({ width, height: width < 500 ? 844 : 800 });
  await setLocale(page, locale);
  const user = await createTestUser("annotator");
  await signIn(page, user, "/live");
  await expect(page.locator("[data-testid=live][data-ready=true]")).toBeVisible({ timeout: 30_000 });
  return user;
}

async function send(page: Page, text: string) {
  await page.getByTestId("live-prompt").fill(text);
  await page.getByTestId("live-send").click();
}

for (const locale of ["en", "ar"] as const) {
  for (const width of [1280, 390]) {
    test(`live battle: stream, follow-up, vote, reveal (${locale}, ${width})`, async ({ page }) => {
      test.setTimeout(120_000);
      await openLive(page, locale, width);
      if (locale === "ar") await page.getByTestId("live-language-ar").check();
      const prompt = locale === "ar" ? "ما عاصمة الأردن؟" : "What is the capital of Jordan?";
      await send(page, prompt);
      const turn1 = page.getByTestId("live-turn-1");
      for (const side of ["a", "b"]) await expect(turn1.getByTestId(`live-answer-${side}`)).toHaveAttribute("data-status", "done", { timeout: 30_000 });
      await expect(turn1.getByTestId("live-answer-a")).toContainText(prompt);
      await expect(turn1.getByTestId("live-answer-b")).toContainText(prompt);
      // Side by side on a desktop, stacked on a phone.
      const a = await turn1.getByTestId("live-answer-a").boundingBox();
      const b = await turn1.getByTestId("live-answer-b").boundingBox();
      if (width >= 768) expect(Math.abs(a!.y - b!.y)).toBeLessThan(2);
      else expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1);
      // Each block takes its own direction: Arabic right to left inside an English page and the reverse.
      await expect(turn1.locator("[data-testid=live-answer-a] [dir=rtl], [data-testid=live-answer-b] [dir=rtl]").first()).toBeAttached();
      // No model name before the vote.
      await expect(page.getByTestId("live")).not.toContainText(`Live Model`);

      await send(page, locale === "ar" ? "وما عاصمة مصر؟" : "And of Egypt?");
      const turn2 = page.getByTestId("live-turn-2");
      for (const side of ["a", "b"]) await expect(turn2.getByTestId(`live-answer-${side}`)).toHaveAttribute("data-status", "done", { timeout: 30_000 });
      // The turn limit (2) is reached: no more follow-ups, the vote is open.
      await expect(page.getByTestId("live-compose")).toHaveCount(0);
      await page.screenshot({ path: `e2e/screenshots/live-answers-${locale}-${width}.png`, fullPage: true });
      if (width === 1280) {
        // WCAG 2.1 A/AA (axe-core), as e2e/accessibility.spec.ts audits the other pages: no serious or critical violation.
        expect(await seriousAccessibilityViolations(page, `live battle (${locale})`)).toEqual([]);
      }

      await page.getByTestId("live-vote-model_a").click();
      await expect(page.getByTestId("live-revealed")).toBeVisible({ timeout: 20_000 });
      await expect(page.getByTestId("live-revealed")).toContainText(`Live Model`);
      await expect(page.getByTestId("live-turn-1").getByTestId("live-reveal-a")).toContainText(tag);
      await page.screenshot({ path: `e2e/screenshots/live-revealed-${locale}-${width}.png`, fullPage: true });
      const battleId = await page.getByTestId("live").getAttribute("data-battle-id");
      const [vote] = await query<{ winner: string; n: number }>(
        `SELECT v.winner::text, (SELECT count(*)::int FROM live_turns t WHERE t.battle_id = v.battle_id AND t.status = 'done') AS n FROM votes v WHERE v.battle_id = $1`,
        [battleId],
      );
      expect(vote).toEqual({ winner: "model_a", n: 4 });
    });

    test(`live battle: a side dropping mid-stream voids it (${locale}, ${width})`, async ({ page }) => {
      test.setTimeout(90_000);
      await openLive(page, locale, width);
      fake.queue = ["drop"];
      await send(page, locale === "ar" ? "اشرح التمثيل الضوئي في ثلاث جمل طويلة من فضلك" : "Explain photosynthesis in three long sentences please");
      await expect(page.getByTestId("live-void")).toBeVisible({ timeout: 30_000 });
      await expect(page.locator("[data-testid=live-answer-a][data-status=failed], [data-testid=live-answer-b][data-status=failed]")).toHaveCount(1);
      await expect(page.getByTestId("live-vote")).toHaveCount(0);
      await expect(page.getByTestId("live-compose")).toHaveCount(0);
      await page.screenshot({ path: `e2e/screenshots/live-void-${locale}-${width}.png`, fullPage: true });
      const battleId = await page.getByTestId("live").getAttribute("data-battle-id");
      expect(await query(`SELECT 1 FROM battles WHERE id = $1 AND live_status = 'void'`, [battleId])).toHaveLength(1);
      await page.getByTestId("live-new").click();
      await expect(page.getByTestId("live-compose")).toBeVisible();
    });

    test(`live battle: the stop button ends both streams (${locale}, ${width})`, async ({ page }) => {
      test.setTimeout(90_000);
      await openLive(page, locale, width);
      fake.tokenDelayMs = 1_000;
      await send(page, locale === "ar" ? "اكتب قصة طويلة عن البحر" : "Write a long story about the sea");
      await expect(page.getByTestId("live-answer-a")).not.toHaveAttribute("data-status", "done");
      // Wait for the first words, then stop.
      await expect(page.getByTestId("live-answer-a")).toContainText(/Answer|Good|الجواب|سؤال/, { timeout: 30_000 });
      await page.getByTestId("live-stop").click();
      for (const side of ["a", "b"]) await expect(page.getByTestId(`live-answer-${side}`)).toHaveAttribute("data-status", "stopped", { timeout: 20_000 });
      await expect(page.getByTestId("live-stopped")).toBeVisible();
      await expect(page.getByTestId("live-stop")).toHaveCount(0);
      await page.screenshot({ path: `e2e/screenshots/live-stopped-${locale}-${width}.png`, fullPage: true });
      await page.getByTestId("live-vote-tie").click();
      await expect(page.getByTestId("live-revealed")).toBeVisible({ timeout: 20_000 });
    });
  }
}
