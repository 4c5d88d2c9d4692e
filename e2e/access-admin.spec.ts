import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { createTestUser } from "./helpers/db";
import { signIn } from "./helpers/session";

// Every admin page and every admin API route, found by walking app/ at test time, so a route
// added later (by anyone) is covered without editing this file.
const appDir = path.join(process.cwd(), "app");
const sampleId = "00000000-0000-4000-8000-000000000000";

function routeFiles(fileName: string): { url: string; file: string }[] {
  return (readdirSync(appDir, { recursive: true }) as string[])
    .filter((f) => path.basename(f) === fileName)
    .map((f) => {
      const segments = path
        .dirname(f)
        .split(path.sep)
        .filter((s) => s !== "." && !/^\(.*\)$/.test(s) && !s.startsWith("@"))
        .map((s) => (/^\[\[?\.\.\./.test(s) ? "sample" : /^\[.*\]$/.test(s) ? sampleId : s));
      return { url: `/${segments.join("/")}`, file: path.join(appDir, f) };
    });
}

const adminPages = routeFiles("page.tsx").filter((r) => r.url === "/admin" || r.url.startsWith("/admin/"));
const adminApiRoutes = routeFiles("route.ts")
  .filter((r) => r.url.startsWith("/api/admin/") || r.url === "/api/admin")
  .flatMap((r) => {
    const source = readFileSync(r.file, "utf8");
    const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => new RegExp(`export\\s+(const|async function|function)\\s+${m}\\b|export\\s*\\{[^}]*\\b${m}\\b`).test(source));
    return methods.map((method) => ({ ...r, method }));
  });

async function callApi(page: Page, route: { url: string; method: string }) {
  return page.request.fetch(route.url, {
    method: route.method,
    headers: { "content-type": "application/json" },
    data: route.method === "GET" ? undefined : "{}",
    maxRedirects: 0,
  });
}

test.describe("admin access", () => {
  test("discovers the admin pages", () => {
    expect(adminPages.map((p) => p.url)).toEqual(
      expect.arrayContaining(["/admin", "/admin/models", "/admin/users", "/admin/campaigns", "/admin/campaigns/new", `/admin/campaigns/${sampleId}`, "/admin/audit"]),
    );
    for (const route of adminApiRoutes) expect(route.method, route.file).toMatch(/^(GET|POST|PUT|PATCH|DELETE)$/);
  });

  test("anonymous visitors are sent to sign-in by every admin page and get 401 from every admin API", async ({ page }) => {
    for (const { url } of adminPages) {
      await page.goto(url);
      await expect(page, url).toHaveURL(/\/signin\?callbackUrl=/);
    }
    for (const route of adminApiRoutes) {
      expect((await callApi(page, route)).status(), `${route.method} ${route.url}`).toBe(401);
    }
  });

  for (const role of ["annotator", "researcher"] as const) {
    test(`a ${role} gets 403 on every admin page and admin API`, async ({ page }) => {
      await signIn(page, await createTestUser(role), "/");
      for (const { url } of adminPages) {
        await page.goto(url);
        await expect(page.getByTestId("forbidden"), url).toBeVisible();
        await expect(page.getByTestId("admin-nav"), url).toHaveCount(0);
      }
      for (const route of adminApiRoutes) {
        expect((await callApi(page, route)).status(), `${route.method} ${route.url}`).toBe(403);
      }
    });
  }

  test("an admin is let through every admin page", async ({ page }) => {
    await signIn(page, await createTestUser("admin"), "/");
    for (const { url } of adminPages) {
      await page.goto(url);
      await expect(page.getByTestId("admin-nav"), url).toBeVisible();
      await expect(page.getByTestId("forbidden"), url).toHaveCount(0);
    }
  });
});
