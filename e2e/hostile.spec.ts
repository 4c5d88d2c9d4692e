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
// the battle page (which resumes an open battle) shows it. Its two models are hidden ones of its own:
// hidden models never enter battles, so the hostile prompt is never offered to the annotators of the
// specs running alongside (admin-import's expects a battle from its own fresh set, nothing else).
async function plantHostileBattle(annotatorId: string) {
  const tag = randomBytes(4).toString("hex");
  const [set] = await query<{ id: string }>(`INSERT INTO prompt_sets (id, name) VALUES (gen_random_uuid(), $1) RETURNING id`, [`hostile-${tag}`]);
  const [prompt] = await query<{ id: string }>(
    `INSERT INTO prompts (id, prompt_set_id, external_id, language, category, text, content_hash)
     VALUES (gen_random_uuid(), $1, $2, 'en', '<b onmouseover=alert(1)>cat</b>', $3, $2) RETURNING id`,
    [set!.id, `hostile-${tag}`, hostilePrompt],
  );
  const models: { id: string }[] = [];
  for (const n of [1, 2]) {
    const [m] = await query<{ id: string }>(`INSERT INTO models (id, key, display_name, hidden) VALUES (gen_random_uuid(), $1, $1, true) RETURNING id`, [`hostile-${tag}-${n}`]);
    models.push(m!);
  }
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
    // Bidi overrides stay inside their block: every user-text block has its own dir (from its text), which isolates it.
    const bidiBlock = promptSection.locator("p", { hasText: "Invoice" });
    await expect(bidiBlock).toHaveAttribute("dir", /^(ltr|rtl|auto)$/);
    const unicodeBidi = await bidiBlock.evaluate((el) => getComputedStyle(el).unicodeBidi);
    expect(["isolate", "plaintext", "isolate-override"]).toContain(unicodeBidi);

    await page.mouse.move(10, 10);
    await page.mouse.move(400, 300);
    // Mouse handlers run while the move is dispatched; two frames more let anything they scheduled run.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
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

  // Prefetch requests are answered with pages the browser shows later: they go through proxy.ts too.
  test("prefetch requests get the page CSP and the path check", async ({ request }) => {
    const prefetches: Record<string, string>[] = [{ purpose: "prefetch" }, { "next-router-prefetch": "1" }, { "next-router-prefetch": "1", rsc: "1" }, { purpose: "prefetch", "sec-purpose": "prefetch" }];
    for (const headers of prefetches) {
      const page = await request.get("/signin", { headers, maxRedirects: 0 });
      expect(page.status(), JSON.stringify(headers)).toBeLessThan(400);
      expect(page.headers()["content-security-policy"] ?? "", JSON.stringify(headers)).toMatch(/script-src 'self' 'nonce-/);
      const badPath = await request.get("/admin/import/%C0%AF", { headers, maxRedirects: 0 });
      expect(badPath.status(), JSON.stringify(headers)).toBe(400);
    }
  });

  test("API responses carry a restrictive CSP and nosniff", async ({ request }) => {
    const response = await request.get("/api/auth/csrf");
    expect(response.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    // The vote route is served outside Next's router (scripts/app-server.ts): the same headers, and a JSON refusal.
    const vote = await request.post("/api/votes", { data: { battleId: "00000000-0000-4000-8000-000000000000", winner: "tie" } });
    expect(vote.status()).toBe(401);
    expect((await vote.json()).error.code).toBe("unauthorized");
    const securityHeaders = ["content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy", "permissions-policy", "cross-origin-opener-policy"];
    for (const name of securityHeaders) expect(vote.headers()[name], name).toBe(response.headers()[name]);
    expect(vote.headers()["x-powered-by"]).toBeUndefined();
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

  // The limiter must count the account that next-auth checks: a form naming two emails (the first
  // with budget left, the second locked) or a JSON body hiding "&email=" once got the password of the
  // second checked without counting against it.
  test("a form with a second email field or a JSON body is refused, whatever the password", async () => {
    const user = await createTestUser();
    const ctx = await playwrightRequest.newContext({ baseURL });
    const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();
    const decoy = `decoy-${randomBytes(3).toString("hex")}@e2e.local`;
    const attempts = [
      { type: "application/x-www-form-urlencoded", data: form([["csrfToken", csrfToken], ["email", decoy], ["email", user.email], ["password", user.password], ["json", "true"]]), status: 400 },
      { type: "application/x-www-form-urlencoded", data: form([["csrfToken", csrfToken], ["email", user.email], ["password", "x"], ["password", user.password], ["json", "true"]]), status: 400 },
      { type: "application/json", data: JSON.stringify({ csrfToken, email: user.email, pad: `&email=${decoy}&`, password: user.password, json: "true" }), status: 415 },
    ];
    for (const { type, data, status } of attempts) {
      const response = await ctx.post("/api/auth/callback/credentials", { headers: { "content-type": type }, data, maxRedirects: 0 });
      expect(response.status(), data).toBe(status);
      expect((await response.json()).error.code).toBeTruthy();
    }
    expect((await ctx.storageState()).cookies.find((c) => c.name === "next-auth.session-token")).toBeUndefined();
    await ctx.dispose();
  });

  // ARENA_TRUSTED_PROXY_HOPS is 0 here (no proxy in front): the address is the socket's, so a made-up
  // X-Forwarded-For per attempt no longer gives each attempt a fresh per-address budget.
  test("the per-address sign-in limit counts the socket's address, not X-Forwarded-For", async () => {
    const made = `203.0.113.${1 + Math.floor(Math.random() * 250)}`;
    const ctx = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": made, "x-real-ip": made } });
    const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await ctx.post("/api/auth/callback/credentials", { form: { csrfToken, email: `nobody-${randomBytes(3).toString("hex")}@e2e.local`, password: "guess", json: "true" }, maxRedirects: 0 });
    expect(response.status()).not.toBe(429);
    await ctx.dispose();
    const buckets = (await query<{ key: string }>(`SELECT key FROM rate_limit_buckets WHERE key LIKE 'signin:ip:%'`)).map((b) => b.key);
    expect(buckets).not.toContain(`signin:ip:${made}`);
    expect(buckets).toContain("signin:ip:127.0.0.1");
  });

  test("a sign-in form before its script runs is not sent, and never puts the password in the URL", async ({ browser }) => {
    // Without JavaScript (or before hydration) the button is disabled: a click then would post the bare form and
    // show the page again with what was typed lost. Should it be sent anyway (Enter), it goes as a POST: as a GET it
    // would carry the password in the address (history, logs, Referer).
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/signin");
    await expect(page.locator('button[type="submit"]')).toBeDisabled();
    await expect(page.locator("form")).toHaveAttribute("method", "post");
    await page.locator('input[name="email"]').fill("someone@e2e.local");
    await page.locator('input[name="password"]').fill("secret-in-url");
    await page.locator('input[name="password"]').press("Enter");
    await page.waitForLoadState();
    expect(page.url()).not.toContain("secret-in-url");
    expect(page.url()).not.toContain("password");
    await context.close();
  });
});

// A page on another origin (a sibling host is the same site, so SameSite=Lax still sends the cookie)
// must not make the signed-in browser change anything: form content types are refused (415), and a
// request whose Sec-Fetch-Site or Origin names another origin is refused (403). The app's own pages
// send JSON with Origin and Sec-Fetch-Site: same-origin, and get through.
test.describe("cross-origin writes", () => {
  test("a signed-in annotator's cookie does not issue battles or change the locale from another origin", async ({ page }) => {
    const user = await createTestUser("annotator");
    await signIn(page, user);
    const evil = "http://evil.example";
    const refused: [string, Record<string, string>, string, number][] = [
      ["/api/battles/next", { "content-type": "text/plain", origin: evil }, "{}", 415],
      ["/api/battles/next", { "content-type": "application/json", origin: evil }, "{}", 403],
      ["/api/battles/next", { "content-type": "application/json", "sec-fetch-site": "same-site", origin: baseURL.replace("127.0.0.1", "sub.127.0.0.1") }, "{}", 403],
      ["/api/locale", { "content-type": "text/plain", origin: evil }, '{"locale":"ar"}', 415],
      ["/api/locale", { "content-type": "application/json", "sec-fetch-site": "cross-site" }, '{"locale":"ar"}', 403],
    ];
    const battlesBefore = await query<{ n: number }>(`SELECT count(*)::int AS n FROM battles WHERE annotator_id = $1`, [user.id]);
    for (const [path, headers, data, status] of refused) {
      const response = await page.request.post(path, { headers, data });
      expect(response.status(), `${path} ${JSON.stringify(headers)}`).toBe(status);
      expect((await response.json()).error.code).toMatch(/^(cross_origin|unsupported_media_type)$/);
    }
    expect(await query<{ n: number }>(`SELECT count(*)::int AS n FROM battles WHERE annotator_id = $1`, [user.id])).toEqual(battlesBefore);
    expect((await query<{ ui_locale: string }>(`SELECT ui_locale FROM users WHERE id = $1`, [user.id]))[0]!.ui_locale).not.toBe("ar");
    // The page itself (a real browser fetch: Origin and Sec-Fetch-Site: same-origin) gets through.
    const own = await page.evaluate(async () => (await fetch("/api/battles/next", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status);
    expect(own).toBe(200);
  });
});

// Names people type (models, campaigns, prompt sets, users, API tokens) are shown on admin and
// research pages: each one carrying markup, handlers, a javascript: link and a bidi override must
// show as the literal text and run nothing.
test.describe("hostile names render inert", () => {
  test("model, campaign, prompt set, user and token names on the admin and research pages", async ({ page }) => {
    const tag = randomBytes(3).toString("hex");
    const hostile = (what: string) => `<img src=x onerror="window.__pwned='${what}'"><script>window.__pwned='${what}-s'</script><a href="javascript:window.__pwned='${what}-a'">${what}</a> ${rlo}${tag}`;
    const admin = await createTestUser("admin");
    // A hidden model never enters battles or rankings, so other specs do not meet it.
    await query(`INSERT INTO models (id, key, display_name, hidden) VALUES (gen_random_uuid(), $1, $2, true)`, [`hostile-${tag}`, hostile("model")]);
    const [set] = await query<{ id: string }>(`INSERT INTO prompt_sets (id, name) VALUES (gen_random_uuid(), $1) RETURNING id`, [hostile("set")]);
    const [campaign] = await query<{ id: string }>(`INSERT INTO campaigns (id, name) VALUES (gen_random_uuid(), $1) RETURNING id`, [hostile("campaign")]);
    await query(`INSERT INTO campaign_prompt_sets (campaign_id, prompt_set_id) VALUES ($1, $2)`, [campaign!.id, set!.id]);
    await query(`UPDATE users SET name = $2 WHERE id = $1`, [admin.id, hostile("user")]);
    await query(`INSERT INTO api_tokens (id, name, token_hash, created_by_id) VALUES (gen_random_uuid(), $1, $2, $3)`, [hostile("token"), `hostile-${tag}`, admin.id]);
    await query(`INSERT INTO audit_log (id, actor_id, action, target, details) VALUES (gen_random_uuid(), $1, 'campaign.created', $2, $3)`, [
      admin.id,
      `campaign:${hostile("audit")}`,
      JSON.stringify({ name: hostile("details") }),
    ]);

    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page, admin, "/admin");
    const visits: [string, string][] = [
      ["/admin/models", "model"],
      ["/admin/campaigns", "campaign"],
      [`/admin/campaigns/${campaign!.id}`, "campaign"],
      ["/admin/users", "user"],
      // Filtered to its action: other specs write audit entries meanwhile and could push it off page 1.
      ["/admin/audit?action=campaign.created", "audit"],
      ["/admin/gold", "set"],
      ["/research/exports", "token"],
      ["/leaderboard", "set"],
    ];
    for (const [url, what] of visits) {
      const response = await page.goto(url);
      expect(response!.status(), url).toBe(200);
      // The literal text is on the page (the model's name is the value of its rename field) ...
      const literal = `<img src=x onerror="window.__pwned='${what}'">`;
      if (what === "model") await expect(page.getByTestId(`model-hostile-${tag}`).getByRole("textbox"), url).toHaveValue(hostile("model"));
      else await expect(page.locator("main"), url).toContainText(literal);
      // ... and nothing was made of it.
      await expect(page.locator("main img[src=x], main [onerror], main a[href^='javascript:' i]"), url).toHaveCount(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), url).toBeUndefined();
    }
    expect(dialogs).toEqual([]);
  });
});

// Every page with ids that are not ids and query strings full of hostile values: a page, a 404 or a
// redirect, never a server error. As an admin (who reaches every page) and as an anonymous visitor.
test.describe("hostile URLs", () => {
  const badIds = ["not-a-uuid", "..%2F..%2Fetc%2Fpasswd", "%00", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "1'%20OR%20'1'%3D'1", "x".repeat(3000), "00000000-0000-0000-0000-00000000000%00", "%E2%80%AE"];
  const badQueries = [
    "language=xx&ties=nope&bothbad=1&excluded=maybe&format=exe",
    "from=2024-02-30&to=0000-00-00",
    "from=2025-12-31&to=2025-01-01",
    "category=%00&tag=%00",
    "category=%ED%A0%80&tag=%E2%80%AE",
    "promptSet=abc&campaign=%27%20OR%201%3D1--",
    "page=-1&action=nope",
    "page=99999999999999999999",
    "set=abc&q=%00&prompt=zzz",
    "q=" + "x".repeat(5000),
    "callbackUrl=javascript%3Aalert(1)&error=%3Cscript%3E",
    "language=ar&language=en&category=a&category=b",
  ];

  // Each crawl is cut into parts (every few paths) so that both workers share it: the admin's (every page renders)
  // took about twice the anonymous one's time in one test.
  const crawls = [
    ...[0, 1, 2].map((part) => ({ visitor: "admin" as const, part, parts: 3 })),
    ...[0, 1].map((part) => ({ visitor: "anonymous" as const, part, parts: 2 })),
  ];
  for (const { visitor, part, parts } of crawls) {
    test(`as ${visitor}: every page answers hostile ids and query strings without a server error${parts > 1 ? ` (part ${part + 1} of ${parts})` : ""}`, async ({ page }) => {
      test.setTimeout(240_000);
      if (visitor === "admin") await signIn(page, await createTestUser("admin"), "/");
      const { appRoutes, fillPattern } = await import("../tests/helpers/app-routes");
      const pages = appRoutes().filter((r) => r.kind === "page");
      expect(pages.length).toBeGreaterThan(10);
      const paths = pages.flatMap((route) => (route.pattern.includes("[") ? badIds : [""]).map((id) => fillPattern(route.pattern, () => "__ID__").replace(/__ID__/g, id)));
      const problems: string[] = [];
      for (const path of paths.filter((_, i) => i % parts === part)) {
        for (const q of [...badQueries, ""]) {
          const url = q ? `${path}?${q}` : path;
          const response = await page.request.get(url, { maxRedirects: 0 });
          if (response.status() >= 500) problems.push(`${url.slice(0, 160)} → ${response.status()}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  // %ED%A0%80 is a UTF-16 surrogate written as UTF-8: not valid UTF-8, so the path cannot be decoded.
  test("paths whose percent-encoding is not UTF-8 get a 4xx, not a server error", async ({ request }) => {
    const { appRoutes, fillPattern } = await import("../tests/helpers/app-routes");
    const dynamic = appRoutes().filter((r) => r.pattern.includes("[") && !r.pattern.startsWith("/api/auth"));
    expect(dynamic.length).toBeGreaterThanOrEqual(4);
    const problems: string[] = [];
    for (const route of dynamic) {
      for (const bad of ["%ED%A0%80", "%FF", "%C3%28", "%E2%82"]) {
        const url = fillPattern(route.pattern, () => "__ID__").replace(/__ID__/g, bad);
        for (const method of route.methods) {
          const response = await request.fetch(url, { method, maxRedirects: 0, headers: { "content-type": "application/json" }, data: method === "GET" ? undefined : "{}" });
          if (response.status() >= 500) problems.push(`${method} ${url} → ${response.status()}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test("next-auth's endpoints with hostile input: never a server error", async ({ request }) => {
    const problems: string[] = [];
    const check = async (label: string, response: Awaited<ReturnType<typeof request.get>>) => {
      if (response.status() >= 500) problems.push(`${label} → ${response.status()} ${(await response.text()).slice(0, 200)}`);
    };
    for (const path of ["/api/auth/nope", "/api/auth/callback/nope", "/api/auth/signin/nope", "/api/auth/%00", "/api/auth/..%2F..%2Fetc", `/api/auth/${"x".repeat(2000)}`, "/api/auth/callback/credentials?callbackUrl=javascript:alert(1)"]) {
      await check(`GET ${path}`, await request.get(path, { maxRedirects: 0 }));
    }
    // A handful of credential posts only: each counts against this address's sign-in limit, which
    // the specs running alongside share.
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const bodies: [string, string, string][] = [
      ["not a form", "application/x-www-form-urlencoded", "%%%&&&==="],
      ["json", "application/json", JSON.stringify({ csrfToken, email: ["a"], password: { $gt: "" } })],
      ["NUL and broken UTF-8", "application/x-www-form-urlencoded", `csrfToken=${csrfToken}&email=a%00%40b.co&password=%ED%A0%80&json=true`],
      ["huge", "application/x-www-form-urlencoded", `csrfToken=${csrfToken}&email=${"a".repeat(200_000)}%40b.co&password=x&json=true`],
      ["no csrf", "application/x-www-form-urlencoded", "email=a%40b.co&password=x&json=true"],
    ];
    for (const [label, type, data] of bodies) {
      await check(`POST credentials (${label})`, await request.post("/api/auth/callback/credentials", { headers: { "content-type": type }, data, maxRedirects: 0 }));
    }
    await check("POST signin/credentials", await request.post("/api/auth/signin/credentials", { form: { csrfToken: "forged" }, maxRedirects: 0 }));
    await check("POST signout without csrf", await request.post("/api/auth/signout", { form: { csrfToken: "forged" }, maxRedirects: 0 }));
    expect(problems).toEqual([]);
  });

  // One test per callbackUrl (each a whole sign-in through the form), so the two workers share them.
  for (const callbackUrl of ["//evil.example/", "/.//evil.example/phish", "/%2F/evil.example/", "/\\evil.example/", "/\t/evil.example/", "https://evil.example/", "javascript:alert(1)"]) {
    test(`sign-in never sends the user off the site: callbackUrl ${JSON.stringify(callbackUrl)}`, async ({ page }) => {
      const user = await createTestUser();
      await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      await page.locator('input[name="email"]').fill(user.email);
      await page.locator('input[name="password"]').fill(user.password);
      await page.locator('button[type="submit"]').click();
      await expect(page, JSON.stringify(callbackUrl)).toHaveURL(/\/battle$/);
      expect(new URL(page.url()).origin, JSON.stringify(callbackUrl)).toBe(new URL(baseURL).origin);
    });
  }
});
