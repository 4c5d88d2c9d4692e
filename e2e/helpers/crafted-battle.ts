import type { Page } from "@playwright/test";

// A battle with chosen texts, served in place of the next one the server would issue: layout tests then
// see exactly the Markdown they check, without touching the shared demo data. The vote API never saw this
// battle, so tests using it check what is shown, not what is recorded.
export const arabicAnswer = [
  "هذه إجابة عربية فيها قائمة وجدول:",
  "",
  "- `npm install` يثبّت الحزم.",
  "- الخطوة الثانية: شغّل **Arena** ثم انتظر (٣ ثوانٍ).",
  "",
  "1. أولًا",
  "2. ثانيًا",
  "",
  "| النموذج | النتيجة |",
  "|---|---|",
  "| الأول | 12.5 |",
  "| الثاني | ٧ |",
  "",
  "> اقتباس من التعليمات.",
  "",
  "```python",
  'print("مرحبا")',
  "```",
].join("\n");

export const englishAnswer = ["An English answer:", "", "- first item", "- second item", "", "> a quote", "", "| Model | Score |", "|---|---|", "| one | 1 |"].join("\n");

export async function serveNextBattle(page: Page, battle: { responseA: string; responseB: string; prompt?: string; language?: "ar" | "en" }) {
  const now = Date.now();
  await page.route("**/api/battles/next", (route) =>
    route.fulfill({
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({
        battle: {
          id: "00000000-0000-4000-8000-0000000000aa",
          prompt: { text: battle.prompt ?? "اشرح الخطوات.", language: battle.language ?? "ar", category: "test" },
          responseA: battle.responseA,
          responseB: battle.responseB,
          issuedAt: new Date(now).toISOString(),
          expiresAt: new Date(now + 3_600_000).toISOString(),
        },
      }),
    }),
  );
}
