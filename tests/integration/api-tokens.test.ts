import { beforeAll, describe, expect, it, vi } from "vitest";
import { createApiToken, revokeApiToken } from "@/lib/server/api-tokens/api-tokens";
import { importMiniSet, makeUser, resetData } from "../helpers/fixtures";
import { signInAs } from "./security-session";
vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());

type RouteModule = { GET: (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> };
const routes = ["leaderboard", "matrices", "votes", "categories"] as const;

async function read(route: (typeof routes)[number], authorization?: string) {
  const { GET } = (await import(`@/app/api/v1/${route}/route`)) as RouteModule;
  return GET(new Request(`http://127.0.0.1/api/v1/${route}`, { headers: authorization ? { authorization } : {} }), { params: Promise.resolve({}) });
}

// The read-only API as a script meets it: answers no cache may keep, and a refused token said to be one.
describe("the read-only API's answers to tokens", () => {
  let token = "";
  let revoked = "";

  beforeAll(async () => {
    await resetData();
    await importMiniSet();
    const admin = await makeUser("admin");
    token = (await createApiToken(admin.id, "reader")).token;
    const old = await createApiToken(admin.id, "old");
    await revokeApiToken(admin.id, old.id);
    revoked = old.token;
    await signInAs(null);
  });

  it("answers a token's read with no-store and Vary: Authorization, so no shared cache hands it to another caller", async () => {
    for (const route of routes) {
      const response = await read(route, `Bearer ${token}`);
      expect(response.status, route).toBe(200);
      expect(response.headers.get("cache-control"), route).toBe("private, no-store");
      expect(response.headers.get("vary"), route).toMatch(/\bAuthorization\b/);
      await response.arrayBuffer();
    }
  });

  it("refuses a made-up or revoked token as an invalid token, and names the Bearer scheme on every 401", async () => {
    for (const route of routes) {
      for (const authorization of [`Bearer ${revoked}`, "Bearer arena_not-a-token"]) {
        const response = await read(route, authorization);
        expect(response.status, `${route} ${authorization}`).toBe(401);
        expect((await response.json()).error.code, route).toBe("invalid_token");
        expect(response.headers.get("www-authenticate"), route).toMatch(/^Bearer realm=/);
        expect(response.headers.get("cache-control"), route).toBe("private, no-store");
      }
      const anonymous = await read(route);
      expect(anonymous.status, route).toBe(401);
      expect((await anonymous.json()).error.code, route).toBe("unauthorized");
      expect(anonymous.headers.get("www-authenticate"), route).toMatch(/^Bearer realm=/);
    }
  });
});
