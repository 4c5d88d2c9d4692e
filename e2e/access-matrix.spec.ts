import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { appRoutes, fillPattern } from "../tests/helpers/app-routes";
import { actionAccess, actionSamples, allowed, apiAccess, pageAccess, repoRoot, visitors, type Audience, type SampleIds, type Visitor } from "./helpers/access-table";
import { createTestUser, query, type TestUser } from "./helpers/db";
import { signIn } from "./helpers/session";

// Every page, API route and server action against the intended access matrix written out in
// e2e/helpers/access-table.ts, for an anonymous visitor, an annotator, a researcher and an admin,
// over HTTP with real sessions. Pages and routes are found by globbing app/ at test time, server
// actions from the running build's action manifest: anything found that the table does not list
// fails the inventory test until someone decides who may use it.

const baseURL = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100";

async function signedInContext(visitor: Visitor, user?: TestUser): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL });
  if (visitor === "anonymous") return ctx;
  const who = user ?? (await createTestUser(visitor));
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: who.email, password: who.password, json: "true", callbackUrl: `${baseURL}/` },
    maxRedirects: 0,
  });
  expect(response.status(), `sign-in as ${visitor}`).toBe(200);
  const session = (await ctx.storageState()).cookies.find((c) => c.name === "next-auth.session-token");
  expect(session, `session cookie for ${visitor}`).toBeTruthy();
  return ctx;
}

const routes = appRoutes();

// The server actions the running build exposes: id → file and export (Next's action manifest), with
// a page that can receive the action's POST.
type BuiltAction = { id: string; key: string; page: string };
function builtActions(): BuiltAction[] {
  const manifest = path.join(repoRoot, process.env.NEXT_DIST_DIR ?? ".next", "server", "server-reference-manifest.json");
  if (!existsSync(manifest)) throw new Error(`No action manifest at ${manifest}: run through npm run test:e2e`);
  const { node } = JSON.parse(readFileSync(manifest, "utf8")) as { node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }> };
  return Object.entries(node).map(([id, entry]) => {
    // "app/(admin)/admin/campaigns/[id]/page" → /admin/campaigns/<uuid>
    const worker = Object.keys(entry.workers).sort((a, b) => a.length - b.length)[0]!;
    const page = "/" + worker.replace(/^app\//, "").replace(/\/?page$/, "").split("/").filter((s) => s && !/^\(.*\)$/.test(s)).map((s) => (/^\[.*\]$/.test(s) ? randomUUID() : s)).join("/");
    return { id, key: `${entry.filename}#${entry.exportedName}`, page };
  });
}

// Calls a server action the way the browser does: POST to a page with its id in Next-Action and the
// arguments as a JSON array, from this site unless `from` says otherwise. Answers the status and the action's result
// ({ ok, data | error }).
async function callAction(
  ctx: APIRequestContext,
  action: BuiltAction,
  input: unknown,
  from: Record<string, string> = { origin: baseURL },
): Promise<{ status: number; result: { ok?: boolean; error?: { code?: string } } | null; text: string }> {
  const response = await ctx.post(action.page, {
    headers: { "next-action": action.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", ...from },
    data: JSON.stringify([input]),
    maxRedirects: 0,
  });
  const text = await response.text();
  // The flight response carries the result as one JSON row ("1:{...}").
  const row = text.split("\n").map((l) => /^[0-9a-f]+:(\{.*\})$/.exec(l)?.[1]).find((json) => json?.includes('"ok":'));
  return { status: response.status(), result: row ? (JSON.parse(row) as { ok?: boolean; error?: { code?: string } }) : null, text };
}

// Rows the sample inputs can name, all of this test's own so that renaming or hiding a model, or
// changing a campaign, cannot disturb specs running alongside: a prompt set with one prompt answered
// by two hidden models (hidden models never enter battles), an inactive campaign, a gold pair, an
// API token and an annotator.
async function sampleIds(adminId: string): Promise<SampleIds> {
  const tag = randomBytes(4).toString("hex");
  const [set] = await query<{ id: string }>(`INSERT INTO prompt_sets (id, name) VALUES (gen_random_uuid(), $1) RETURNING id`, [`matrix-${tag}`]);
  const [prompt] = await query<{ id: string }>(
    `INSERT INTO prompts (id, prompt_set_id, external_id, language, category, text, content_hash)
     VALUES (gen_random_uuid(), $1, $2, 'en', 'matrix', 'matrix prompt', $2) RETURNING id`,
    [set!.id, `matrix-${tag}`],
  );
  const models: string[] = [];
  for (const n of [1, 2]) {
    const [m] = await query<{ id: string }>(`INSERT INTO models (id, key, display_name, hidden) VALUES (gen_random_uuid(), $1, $1, true) RETURNING id`, [`matrix-${tag}-${n}`]);
    await query(`INSERT INTO responses (id, prompt_id, model_id, text, content_hash) VALUES (gen_random_uuid(), $1, $2, 'r', $3)`, [prompt!.id, m!.id, `matrix-${tag}-${n}`]);
    models.push(m!.id);
  }
  const [model, otherModel] = models as [string, string];
  const [campaign] = await query<{ id: string }>(`INSERT INTO campaigns (id, name) VALUES (gen_random_uuid(), $1) RETURNING id`, [`matrix-${tag}`]);
  await query(`INSERT INTO campaign_prompt_sets (campaign_id, prompt_set_id) VALUES ($1, $2)`, [campaign!.id, set!.id]);
  await query(`INSERT INTO campaign_models (campaign_id, model_id) VALUES ($1, $2), ($1, $3)`, [campaign!.id, model, otherModel]);
  const [low, high] = [model, otherModel].sort();
  const [goldPair] = await query<{ id: string }>(
    `INSERT INTO gold_pairs (id, prompt_id, model_low_id, model_high_id, better_model_id) VALUES (gen_random_uuid(), $1, $2, $3, $2) RETURNING id`,
    [prompt!.id, low, high],
  );
  const [apiToken] = await query<{ id: string }>(`INSERT INTO api_tokens (id, name, token_hash, created_by_id) VALUES (gen_random_uuid(), 'matrix', $1, $2) RETURNING id`, [
    `matrix-${tag}`,
    adminId,
  ]);
  const user = await createTestUser("annotator");
  // A finished generation job with one failed request, to retry (the worker finds no endpoint for it).
  const [job] = await query<{ id: string }>(`INSERT INTO generation_jobs (id, prompt_set_id, status) VALUES (gen_random_uuid(), $1, 'done') RETURNING id`, [set!.id]);
  await query(`INSERT INTO generation_items (id, job_id, prompt_id, model_id, status, error) VALUES (gen_random_uuid(), $1, $2, $3, 'failed', 'HTTP 500')`, [job!.id, prompt!.id, model]);
  return {
    user: user.id, model, otherModel, promptSet: set!.id, prompt: prompt!.id, campaign: campaign!.id, goldPair: goldPair!.id, apiToken: apiToken!.id,
    generationJob: job!.id,
  };
}

const auditCount = async (actorId: string) => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE actor_id = $1`, [actorId]))[0]!.n;

test.describe("access matrix", () => {
  test("every page, API route and server action is in the access table, and every entry still exists", () => {
    const pages = routes.filter((r) => r.kind === "page").map((r) => r.pattern).sort();
    const apis = routes.filter((r) => r.kind === "api").flatMap((r) => r.methods.map((m) => `${m} ${r.pattern}`)).sort();
    expect(pages, "pages missing from or stale in pageAccess (e2e/helpers/access-table.ts)").toEqual(Object.keys(pageAccess).sort());
    expect(apis, "API routes missing from or stale in apiAccess (e2e/helpers/access-table.ts)").toEqual(Object.keys(apiAccess).sort());
    // Every action the build exposes over HTTP is in the table (the source scan in
    // tests/integration/security-access-matrix.test.ts also catches actions no page uses yet).
    const built = [...new Set(builtActions().map((a) => a.key))].sort();
    expect(built.length).toBeGreaterThanOrEqual(10);
    expect(built.filter((k) => !(k in actionAccess)), "server actions missing from actionAccess").toEqual([]);
  });

  for (const visitor of visitors) {
    test(`pages and API routes as ${visitor}`, async () => {
      test.setTimeout(120_000);
      const ctx = await signedInContext(visitor);
      const problems: string[] = [];
      try {
        for (const route of routes) {
          for (const method of route.methods) {
            const audience: Audience | undefined = route.kind === "page" ? pageAccess[route.pattern] : apiAccess[`${method} ${route.pattern}`];
            if (!audience) {
              problems.push(`${method} ${route.pattern}: not in the access table`);
              continue;
            }
            const may = allowed(audience, visitor);
            // next-auth's catch-all: GET its csrf endpoint only (its other actions are its own business).
            if (route.pattern.startsWith("/api/auth") && method !== "GET") continue;
            const path = fillPattern(route.pattern, (name) => (name === "nextauth" ? "csrf" : randomUUID()));
            const response = await ctx.fetch(path, {
              method,
              maxRedirects: 0,
              headers: method === "GET" ? {} : { "content-type": "application/json" },
              data: method === "GET" ? undefined : "{}",
            });
            const status = response.status();
            const what = `${visitor} ${method} ${path} (${audience}) → ${status}`;
            if (status >= 500) problems.push(`${what}: server error`);
            if (route.kind === "api") {
              if (may && (status === 401 || status === 403)) problems.push(`${what}: should be allowed`);
              if (!may && status !== (visitor === "anonymous" ? 401 : 403)) problems.push(`${what}: should be ${visitor === "anonymous" ? 401 : 403}`);
            } else {
              const html = status === 200 ? await response.text() : "";
              const forbiddenShown = html.includes('data-testid="forbidden"');
              const toSignIn = status >= 300 && status < 400 && (response.headers()["location"] ?? "").includes("/signin");
              if (may) {
                // A dynamic page with a made-up id may be a 404; it must not refuse the visitor.
                // A signed-in visitor on /signin is sent on to their landing page: allowed, not refused.
                const onward = status >= 300 && status < 400 && route.pattern === "/signin" && visitor !== "anonymous";
                if (toSignIn || forbiddenShown || (status !== 200 && status !== 404 && !onward)) problems.push(`${what}: should be allowed`);
              } else if (visitor === "anonymous") {
                if (!toSignIn) problems.push(`${what}: should redirect to /signin`);
              } else if (!forbiddenShown && status !== 403) {
                problems.push(`${what}: should show the 403 page`);
              }
            }
          }
        }
      } finally {
        await ctx.dispose();
      }
      expect(problems).toEqual([]);
    });
  }

  test("server actions over HTTP, as every visitor: refused ones write nothing, allowed ones get through", async () => {
    test.setTimeout(180_000);
    const users = { annotator: await createTestUser("annotator"), researcher: await createTestUser("researcher"), admin: await createTestUser("admin") };
    const ids = await sampleIds(users.admin.id);
    const actions = builtActions();
    const contexts = Object.fromEntries(
      await Promise.all(visitors.map(async (v) => [v, await signedInContext(v, v === "anonymous" ? undefined : users[v])] as const)),
    ) as Record<Visitor, APIRequestContext>;
    const problems: string[] = [];
    try {
      for (const action of actions) {
        const audience = actionAccess[action.key];
        if (!audience) {
          problems.push(`${action.key}: not in the access table`);
          continue;
        }
        // Refused visitors first, then the allowed ones (whose calls change the sample rows).
        for (const visitor of [...visitors].sort((a, b) => Number(allowed(audience, a)) - Number(allowed(audience, b)))) {
          const may = allowed(audience, visitor);
          const actorId = visitor === "anonymous" ? null : users[visitor].id;
          const auditBefore = actorId ? await auditCount(actorId) : 0;
          const input = actionSamples[action.key]!(ids, randomBytes(4).toString("hex"));
          const { status, result, text } = await callAction(contexts[visitor], action, input);
          const what = `${visitor} → ${action.key} via ${action.page} → ${status} ${JSON.stringify(result) ?? text.slice(0, 200)}`;
          if (status >= 500) problems.push(`${what}: server error`);
          if (!result) {
            problems.push(`${what}: no action result in the response`);
            continue;
          }
          if (!may) {
            const expected = visitor === "anonymous" ? "unauthorized" : "forbidden";
            if (result.ok !== false || result.error?.code !== expected) problems.push(`${what}: should be refused as ${expected}`);
            // Every mutation writes an audit entry naming its actor in the same transaction.
            if (actorId && (await auditCount(actorId)) !== auditBefore) problems.push(`${what}: a refused call wrote`);
          } else if (result.ok === false && /^(unauthorized|forbidden|unavailable)$/.test(result.error?.code ?? "")) {
            problems.push(`${what}: should be allowed`);
          }
        }
      }
    } finally {
      await Promise.all(Object.values(contexts).map((c) => c.dispose()));
    }
    expect(problems).toEqual([]);
  });

  test("server actions sent from another origin are refused with 403 cross_origin before they run, even for an admin", async () => {
    const admin = await createTestUser("admin");
    const ids = await sampleIds(admin.id);
    const ctx = await signedInContext("admin", admin);
    const problems: string[] = [];
    try {
      for (const action of builtActions()) {
        // A page on another site posting with the admin's cookie: by its Origin, and by Sec-Fetch-Site where sent.
        for (const headers of [{ origin: "http://evil.example" }, { origin: baseURL, "sec-fetch-site": "cross-site" }] as Record<string, string>[]) {
          const auditBefore = await auditCount(admin.id);
          const { status, text } = await callAction(ctx, action, actionSamples[action.key]?.(ids, randomBytes(4).toString("hex")) ?? {}, headers);
          const what = `${action.key} from ${JSON.stringify(headers)} → ${status}`;
          if (status !== 403) problems.push(`${what}: not 403`);
          else if ((JSON.parse(text) as { error?: { code?: string } }).error?.code !== "cross_origin") problems.push(`${what}: not cross_origin`);
          if ((await auditCount(admin.id)) !== auditBefore) problems.push(`${what}: it wrote`);
        }
      }
    } finally {
      await ctx.dispose();
    }
    expect(problems).toEqual([]);
  });
});

test.describe("disabled accounts", () => {
  test("a live session ends on its next request once an admin disables the account in the admin UI", async ({ page, browser }) => {
    const user = await createTestUser("annotator");
    await signIn(page, user);
    await expect(page.getByTestId("battle")).toBeVisible();
    expect((await page.request.post("/api/battles/next", { data: {} })).status()).toBe(200);

    // An admin, in another browser, disables the account through the real admin action.
    const adminContext = await browser.newContext();
    try {
      const adminPage = await adminContext.newPage();
      await signIn(adminPage, await createTestUser("admin"), `/admin/users?q=${encodeURIComponent(user.email)}`);
      const row = adminPage.locator(`[data-testid=user-row][data-email="${user.email}"]`);
      adminPage.once("dialog", (dialog) => dialog.accept());
      await row.getByRole("button", { name: "Disable" }).click();
      await expect(row.getByRole("button", { name: "Enable" })).toBeVisible();
    } finally {
      await adminContext.close();
    }

    // The annotator's very next requests, with the same cookie, no waiting.
    const api = await page.request.post("/api/battles/next", { data: {} });
    expect(api.status()).toBe(401);
    expect((await api.json()).error.code).toBe("unauthorized");
    expect((await page.request.get("/api/me/progress")).status()).toBe(401);
    await page.goto("/battle");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
    // And the password no longer signs in.
    await page.locator('input[name="email"]').fill(user.email);
    await page.locator('input[name="password"]').fill(user.password);
    await page.locator('button[type="submit"]').click();
    await expect(page.locator("form [role=alert]")).toBeVisible();
    await expect(page).toHaveURL(/\/signin/);
  });
});

// A cookie someone kept (copied from the browser, a proxy log, a shared machine) must stop working when
// its session ends on the server: at sign-out, and for good when the account is disabled, even if the
// cookie is presented to /api/auth/session (which re-issues live sessions) while disabled.
test.describe("sessions end on the server", () => {
  const sessionCookie = async (ctx: APIRequestContext) => (await ctx.storageState()).cookies.find((c) => c.name === "next-auth.session-token")!.value;
  const replay = (value: string) => playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { cookie: `next-auth.session-token=${value}` } });
  // next-auth's answer to a cookie it will not re-issue: an empty session, and the cookie cleared.
  async function expectNoSession(ctx: APIRequestContext) {
    expect((await ctx.get("/api/me/progress?tz=UTC")).status()).toBe(401);
    const session = await ctx.get("/api/auth/session");
    expect(await session.json()).toEqual({});
    const reissued = session.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie" && /^next-auth\.session-token=[^;]/.test(h.value));
    expect(reissued).toEqual([]);
  }

  test("signing out ends that session: a kept copy of its cookie no longer works", async ({ page }) => {
    const user = await createTestUser("annotator");
    await signIn(page, user);
    const kept = (await page.context().cookies()).find((c) => c.name === "next-auth.session-token")!.value;
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/", { waitUntil: "commit" });
    const thief = await replay(kept);
    try {
      await expectNoSession(thief);
    } finally {
      await thief.dispose();
    }
  });

  test("disabling ends every session for good: a cookie presented while disabled is not re-issued, and none works after re-enabling", async () => {
    const user = await createTestUser("annotator");
    const own = await signedInContext("annotator", user);
    const kept = await sessionCookie(own);
    const thief = await replay(kept);
    try {
      expect((await thief.get("/api/me/progress?tz=UTC")).status()).toBe(200);
      await query(`UPDATE users SET disabled = true, sessions_valid_from = now() AT TIME ZONE 'UTC' WHERE id = $1`, [user.id]);
      await expectNoSession(thief);
      await query(`UPDATE users SET disabled = false WHERE id = $1`, [user.id]);
      await expectNoSession(thief);
      await expectNoSession(own);
      // Signing in afresh works.
      const again = await signedInContext("annotator", user);
      expect((await again.get("/api/me/progress?tz=UTC")).status()).toBe(200);
      await again.dispose();
    } finally {
      await thief.dispose();
      await own.dispose();
    }
  });
});
