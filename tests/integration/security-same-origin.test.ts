import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/server/auth/session";
import { appRoutes, fillPattern } from "../helpers/app-routes";
import { importMiniSet, makeUser, resetData, snapshotTables } from "../helpers/fixtures";
import { signInAs } from "./security-session";

// Issue 12 item 14: a state-changing request needs a JSON body (a file type for the upload) and must
// come from this site (Sec-Fetch-Site, else Origin); a cross-origin text/plain POST carrying the
// cookie once issued a battle, changed the locale or staged an import.

let currentUser: CurrentUser | null = null;
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => currentUser,
}));
// POST /api/votes reads its session from the cookie (its user is read by the vote's own statement).
vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>>;

const site = "http://127.0.0.1:3000";
const writes = appRoutes()
  .filter((r) => r.kind === "api" && !r.pattern.startsWith("/api/auth"))
  .flatMap((r) => r.methods.filter((m) => m !== "GET").map((method) => ({ ...r, method })));
const isUpload = (pattern: string) => pattern === "/api/admin/import/uploads";

describe("state-changing routes refuse other origins and form content types", () => {
  let adminUser: CurrentUser;
  beforeAll(async () => {
    await resetData();
    await importMiniSet();
    adminUser = await makeUser("admin");
    await signInAs(adminUser.id);
  });

  it("covers every state-changing route", () => {
    expect(writes.map((w) => `${w.method} ${w.pattern}`)).toEqual(expect.arrayContaining(["POST /api/battles/next", "POST /api/votes", "POST /api/locale", "POST /api/admin/import/uploads"]));
  });

  async function send(route: (typeof writes)[number], headers: Record<string, string>, body = "{}") {
    const mod = (await import(/* @vite-ignore */ route.file)) as RouteModule;
    const id = "00000000-0000-4000-8000-000000000000";
    const query = isUpload(route.pattern) ? "?setName=csrf&fileName=a.jsonl" : "";
    const request = new Request(`${site}${fillPattern(route.pattern, () => id)}${query}`, { method: route.method, headers: { host: "127.0.0.1:3000", ...headers }, body });
    const response = await mod[route.method]!(request, { params: Promise.resolve({ id }) });
    return { status: response.status, code: ((await response.json()) as { error?: { code?: string } }).error?.code };
  }

  for (const route of writes) {
    const own = isUpload(route.pattern) ? "application/octet-stream" : "application/json";
    it(`${route.method} ${route.pattern}`, async () => {
      currentUser = adminUser;
      const before = await snapshotTables();
      const refused: [string, Record<string, string>, number, string][] = [
        ["a form's text/plain from another site", { "content-type": "text/plain", origin: "http://evil.example" }, 415, "unsupported_media_type"],
        ["text/plain from this site", { "content-type": "text/plain", origin: site }, 415, "unsupported_media_type"],
        ["a urlencoded form", { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" }, 415, "unsupported_media_type"],
        ["no content type", { origin: site }, 415, "unsupported_media_type"],
        ["another origin", { "content-type": own, origin: "http://evil.example" }, 403, "cross_origin"],
        ["a sibling host (same site)", { "content-type": own, origin: "http://other.127.0.0.1:3000" }, 403, "cross_origin"],
        ["Origin: null", { "content-type": own, origin: "null" }, 403, "cross_origin"],
        ["Sec-Fetch-Site: cross-site", { "content-type": own, "sec-fetch-site": "cross-site" }, 403, "cross_origin"],
        ["Sec-Fetch-Site: same-site, even with this Origin", { "content-type": own, "sec-fetch-site": "same-site", origin: site }, 403, "cross_origin"],
      ];
      if (isUpload(route.pattern)) refused.splice(0, 4, ["a form's text/plain", { "content-type": "text/plain", origin: site }, 415, "unsupported_media_type"], ["a urlencoded form", { "content-type": "application/x-www-form-urlencoded", origin: site }, 415, "unsupported_media_type"]);
      for (const [label, headers, status, code] of refused) expect(await send(route, headers), label).toEqual({ status, code });
      expect(await snapshotTables()).toBe(before);
      // Requests from this site's pages, and from clients that are not browsers, get through (to
      // whatever the route answers a made-up id or an empty body).
      const passing: Record<string, string>[] = [{ "content-type": own, origin: site }, { "content-type": own, "sec-fetch-site": "same-origin", origin: site }, { "content-type": own }];
      for (const headers of passing) {
        const { code } = await send(route, headers);
        expect(["cross_origin", "unsupported_media_type"], JSON.stringify(headers)).not.toContain(code);
      }
    });
  }
});
