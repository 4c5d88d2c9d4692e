import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { appRoutes, fillPattern, intendedAudience, type Audience } from "../tests/helpers/app-routes";
import { createTestUser, query } from "./helpers/db";
import { signIn } from "./helpers/session";

// Every page and API route (found by globbing app/ at test time) against the intended access
// matrix, for an anonymous visitor, an annotator, a researcher and an admin. A route added later
// is covered automatically; one outside every known prefix fails until it is given an audience.

const baseURL = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100";
type Visitor = "anonymous" | "annotator" | "researcher" | "admin";
const visitors: Visitor[] = ["anonymous", "annotator", "researcher", "admin"];

function allowed(audience: Audience, visitor: Visitor): boolean {
  switch (audience) {
    case "public":
      return true;
    case "signed-in":
      return visitor !== "anonymous";
    case "researcher":
      return visitor === "researcher" || visitor === "admin";
    case "admin":
      return visitor === "admin";
  }
}

async function signedInContext(visitor: Visitor): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL });
  if (visitor === "anonymous") return ctx;
  const user = await createTestUser(visitor);
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: user.email, password: user.password, json: "true", callbackUrl: `${baseURL}/` },
    maxRedirects: 0,
  });
  expect(response.status(), `sign-in as ${visitor}`).toBe(200);
  const session = (await ctx.storageState()).cookies.find((c) => c.name === "next-auth.session-token");
  expect(session, `session cookie for ${visitor}`).toBeTruthy();
  return ctx;
}

const routes = appRoutes();

test.describe("access matrix", () => {
  test("every route falls under a rule of the matrix", () => {
    const unclassified = routes.filter((r) => intendedAudience(r.pattern) === null).map((r) => `${r.kind} ${r.pattern}`);
    expect(unclassified, "routes without an intended audience: add them to intendedAudience in tests/helpers/app-routes.ts").toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(8);
  });

  for (const visitor of visitors) {
    test(`as ${visitor}`, async () => {
      test.setTimeout(120_000);
      const ctx = await signedInContext(visitor);
      const problems: string[] = [];
      try {
        for (const route of routes) {
          const audience = intendedAudience(route.pattern);
          if (!audience) continue;
          const may = allowed(audience, visitor);
          // next-auth's catch-all: GET its csrf endpoint only (its other actions are its own business).
          const path = fillPattern(route.pattern, (name) => (name === "nextauth" ? "csrf" : randomUUID()));
          for (const method of route.methods) {
            if (route.pattern.startsWith("/api/auth") && method !== "GET") continue;
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
                if (toSignIn || forbiddenShown || (status !== 200 && status !== 404)) problems.push(`${what}: should be allowed`);
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
});

test.describe("disabled accounts", () => {
  test("a signed-in session ends at the next request once the account is disabled", async ({ page }) => {
    const user = await createTestUser("annotator");
    await signIn(page, user);
    await expect(page.getByTestId("battle")).toBeVisible();
    expect((await page.request.post("/api/battles/next", { data: {} })).status()).toBe(200);

    await query("UPDATE users SET disabled = true WHERE id = $1", [user.id]);

    const api = await page.request.post("/api/battles/next", { data: {} });
    expect(api.status()).toBe(401);
    expect((await api.json()).error.code).toBe("unauthorized");
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
