import { randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { createTestUser, query, testPassword } from "./helpers/db";
import { signIn, waitForBattle } from "./helpers/session";

const baseURL = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100";

// Hostile content (HTML, script tags, event handlers, javascript: links, bidi overrides) in a
// prompt and in model responses renders as inert, literal text.
const rlo = "\u202E";
const hostilePrompt = [
  `<script>window.__pwned = "prompt-script"</script>`,
  `<img src=x onerror="window.__pwned = 'prompt-img'">`,
  `[click me](javascript:window.__pwned='prompt-link')`,
  `Invoice ${rlo}fdp.exe`,
].join("\n\n");
const hostileResponse = [
  "Here is my answer.",
  `<svg onload="window.__pwned='svg'"></svg><iframe src="javascript:window.__pwned='iframe'"></iframe>`,
  `<a href="javascript:window.__pwned='a-tag'">raw link</a>`,
  `[markdown link](javascript:window.__pwned='md-link')`,
  `<style>body{display:none}</style><form action="https://evil.example"><button>Go</button></form>`,
  `Bidi: ${rlo}evil${"\u202C"} text \u2066isolated\u2069`,
].join("\n\n");

// Puts a battle with hostile content straight into the database, open for this annotator, so
// the battle page (which resumes an open battle) shows it.
async function plantHostileBattle(annotatorId: string) {
  const tag = randomBytes(4).toString("hex");
  const [set] = await query<{ id: string }>(`INSERT INTO prompt_sets (id, name) VALUES (gen_random_uuid(), $1) RETURNING id`, [`hostile-${tag}`]);
  const [prompt] = await query<{ id: string }>(
    `INSERT INTO prompts (id, prompt_set_id, external_id, language, category, text, content_hash)
     VALUES (gen_random_uuid(), $1, $2, 'en', '<b onmouseover=alert(1)>cat</b>', $3, $2) RETURNING id`,
    [set!.id, `hostile-${tag}`, hostilePrompt],
  );
  const models = await query<{ id: string }>(`SELECT id FROM models ORDER BY id LIMIT 2`);
  for (const m of models) {
    await query(`INSERT INTO responses (id, prompt_id, model_id, text, content_hash) VALUES (gen_random_uuid(), $1, $2, $3, $4)`, [prompt!.id, m.id, hostileResponse, `h-${m.id}`]);
  }
  const [low, high] = models.map((m) => m.id).sort();
  await query(
    `INSERT INTO battles (id, annotator_id, prompt_id, model_a_id, model_b_id, pair_low_id, pair_high_id, expires_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $3, $4, now() + interval '1 hour')`,
    [annotatorId, prompt!.id, low, high],
  );
}

test.describe("hostile content renders inert", () => {
  test("scripts, handlers, javascript: links and bidi overrides in prompts and responses", async ({ page }) => {
    const dialogs: string[] = [];
    const violations: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const user = await createTestUser("annotator", ["en"]);
    await plantHostileBattle(user.id);
    await signIn(page, user);
    await waitForBattle(page);

    const promptSection = page.locator("section[aria-labelledby=prompt-heading]");
    // Shown literally, as text.
    await expect(promptSection).toContainText(`<script>window.__pwned = "prompt-script"</script>`);
    await expect(promptSection).toContainText(`<img src=x onerror="window.__pwned = 'prompt-img'">`);
    await expect(page.getByTestId("response-a")).toContainText(`<a href="javascript:window.__pwned='a-tag'">raw link</a>`);
    await expect(page.getByTestId("response-a")).toContainText("<style>body{display:none}</style>");
    // No element was created from the hostile markup.
    const battle = page.getByTestId("battle");
    await expect(battle.locator("script, img, svg, iframe, style, form, [onerror], [onload], [onmouseover]")).toHaveCount(0);
    // Links never point at javascript:.
    const hrefs = await battle.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    for (const href of hrefs) expect(href.trim().toLowerCase()).not.toMatch(/^javascript:/);
    // Clicking every link in the battle runs nothing.
    for (const link of await battle.locator("a").all()) await link.click({ modifiers: ["Control"] }).catch(() => {});
    // Bidi overrides stay inside their block: every user-text block isolates direction (dir=auto).
    const bidiBlock = promptSection.locator("p", { hasText: "Invoice" });
    await expect(bidiBlock).toHaveAttribute("dir", "auto");
    const unicodeBidi = await bidiBlock.evaluate((el) => getComputedStyle(el).unicodeBidi);
    expect(["isolate", "plaintext", "isolate-override"]).toContain(unicodeBidi);

    await page.mouse.move(10, 10);
    await page.mouse.move(400, 300);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(violations).toEqual([]);
  });
});

test.describe("security headers", () => {
  test("pages carry a nonce-based CSP without unsafe-inline scripts, and the app still runs", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto("/signin");
    const headers = response!.headers();
    const csp = headers["content-security-policy"]!;
    expect(csp).toBeTruthy();
    const directive = (name: string) => csp.split(";").map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? "";
    const scriptSrc = directive("script-src");
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(scriptSrc).toContain("'strict-dynamic'");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(directive("style-src")).not.toContain("'unsafe-inline'");
    expect(directive("frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive("object-src")).toBe("object-src 'none'");
    expect(directive("base-uri")).toBe("base-uri 'self'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("same-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    expect(headers["x-powered-by"]).toBeUndefined();

    // A fresh nonce per response, and Next's scripts carry it.
    const again = await page.request.get("/signin");
    expect(again.headers()["content-security-policy"]).not.toBe(csp);
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
    const scriptNonces = await page.locator("script").evaluateAll((s) => s.map((el) => (el as HTMLScriptElement).nonce));
    expect(scriptNonces.length).toBeGreaterThan(0);
    for (const n of scriptNonces) expect(n).toBe(nonce);

    // The sign-in form hydrated under this policy (the demo-free path: a failed sign-in shows an error).
    await page.locator('input[name="email"]').fill("nobody@e2e.local");
    await page.locator('input[name="password"]').fill("wrong password");
    await page.locator('button[type="submit"]').click();
    await expect(page.locator("form [role=alert]")).toBeVisible();
    expect(violations).toEqual([]);
  });

  test("API responses carry a restrictive CSP and nosniff", async ({ request }) => {
    const response = await request.get("/api/auth/csrf");
    expect(response.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  });
});

async function credentialsPost(email: string, password: string) {
  const ctx = await playwrightRequest.newContext({ baseURL });
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true", callbackUrl: `${baseURL}/battle` },
    maxRedirects: 0,
  });
  const result = { status: response.status(), body: await response.json().catch(() => null), retryAfter: response.headers()["retry-after"] };
  await ctx.dispose();
  return result;
}

test.describe("sign-in abuse", () => {
  test("an unknown email and a wrong password get the same answer", async () => {
    const user = await createTestUser();
    const unknown = await credentialsPost(`nobody-${randomBytes(3).toString("hex")}@e2e.local`, testPassword);
    const wrong = await credentialsPost(user.email, "not-the-password");
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.body).toEqual(wrong.body);
  });

  test("repeated attempts on one account get 429 rate_limited with Retry-After, and the form says so", async ({ page }) => {
    const user = await createTestUser();
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof credentialsPost>> | null = null;
    for (let i = 0; i < 11; i++) {
      last = await credentialsPost(user.email, `wrong-${i}`);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 10).every((s) => s !== 429)).toBe(true);
    expect(last!.status).toBe(429);
    expect(Number(last!.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(last!.body.error.code).toBe("rate_limited");
    // Even the right password is refused until the window passes: guessing cannot go on.
    expect((await credentialsPost(user.email, user.password)).status).toBe(429);

    await page.goto("/signin");
    await page.locator('input[name="email"]').fill(user.email);
    await page.locator('input[name="password"]').fill(user.password);
    await page.locator('button[type="submit"]').click();
    await expect(page.locator("form [role=alert]")).toContainText(/Too many attempts/);
  });
});
