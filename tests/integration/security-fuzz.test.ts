import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import type { CurrentUser } from "@/lib/server/auth/session";
import { issueBattle } from "@/lib/server/battles/issue-battle";
import { recordVote } from "@/lib/server/votes/record-vote";
import { appRoutes, fillPattern, paramNames, type AppRoute } from "../helpers/app-routes";
import { importMiniSet, makeUser, resetData } from "../helpers/fixtures";

// Hostile input against every API route (found by globbing app/api/**/route.ts): malformed JSON,
// wrong types, huge bodies, unknown ids and other users' ids. Each must get a 4xx with a JSON
// error { code, message } — never a 5xx — and must write nothing (row counts unchanged).
// The session is replaced by a chosen user, so the route code under test is the real one.

let currentUser: CurrentUser | null = null;
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => currentUser,
}));

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>>;

// next-auth's own handler needs Next's request context; it is exercised over HTTP in e2e/hostile.spec.ts.
const routes = appRoutes().filter((r) => r.kind === "api" && !r.pattern.startsWith("/api/auth"));
const mutating = (m: string) => m !== "GET";

// Tables a rejected request may touch: the rate limiter counts attempts, by design.
const bookkeepingTables = new Set(["rate_limit_buckets", "_prisma_migrations"]);

async function rowCounts(): Promise<Record<string, number>> {
  const tables = await db.$queryRaw<{ t: string }[]>`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`;
  const counts: Record<string, number> = {};
  for (const { t } of tables) {
    if (bookkeepingTables.has(t)) continue;
    const [row] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${t}"`);
    counts[t] = row!.n;
  }
  // Changes that keep row counts: a skip or a locale switch.
  const [state] = await db.$queryRaw<{ skipped: number; locales: string }[]>`
    SELECT (SELECT count(*)::int FROM battles WHERE skipped_at IS NOT NULL) AS skipped,
           (SELECT string_agg(ui_locale || role::text || disabled::text, ',' ORDER BY id) FROM users) AS locales`;
  counts["~skipped"] = state!.skipped;
  counts[`~users:${state!.locales}`] = 1;
  return counts;
}

type Attack = { label: string; body?: string | null; contentType?: string; params?: Record<string, string>; query?: string };

async function send(route: AppRoute, method: string, mod: RouteModule, attack: Attack): Promise<Response> {
  const names = paramNames(route.pattern);
  const params = Object.fromEntries(names.map((n) => [n, attack.params?.[n] ?? randomUUID()]));
  const url = new URL(`http://127.0.0.1${fillPattern(route.pattern, (n) => params[n]!)}${attack.query ?? ""}`);
  const headers = new Headers({ "content-type": attack.contentType ?? "application/json", "x-forwarded-for": "203.0.113.7" });
  const hasBody = method !== "GET" && attack.body != null;
  if (hasBody) headers.set("content-length", String(Buffer.byteLength(attack.body!)));
  const request = new Request(url, { method, headers, body: hasBody ? attack.body : undefined });
  // Catch-all params arrive as arrays.
  const ctxParams = Object.fromEntries(names.map((n) => [n, route.pattern.includes(`[...${n}]`) || route.pattern.includes(`[[...${n}]]`) ? [params[n]] : params[n]]));
  return mod[method]!(request, { params: Promise.resolve(ctxParams) });
}

async function expectClientError(response: Response, what: string) {
  const text = await response.text();
  expect(response.status, `${what} → ${response.status} ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(response.status, `${what} → ${response.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code, `${what}: error code`).toBe("string");
  expect(typeof body.error?.message, `${what}: error message`).toBe("string");
  expect((body.error!.message as string).length).toBeGreaterThan(3);
}

// Text that is not JSON (and not blank, which routes read as an empty body).
const malformedJson = fc.oneof(
  fc.constantFrom("{", "[1,2", '{"battleId":', "null}", "{'a':1}", "undefined", "NaN", "\u0000", "{\"a\":1}}", "<html>"),
  fc.string({ minLength: 1, maxLength: 60 }).filter((s) => {
    if (s.trim() === "") return false;
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
);
// Valid JSON of the wrong shape: never an object with the right fields.
const wrongTypes = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 40 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.record({
    battleId: fc.oneof(fc.integer(), fc.array(fc.string()), fc.string({ maxLength: 10 }), fc.constant(null)),
    winner: fc.oneof(fc.integer(), fc.constant("model_c"), fc.constant(null), fc.string({ maxLength: 10 })),
    locale: fc.oneof(fc.integer(), fc.constant("fr"), fc.constant(null)),
    id: fc.oneof(fc.integer(), fc.object({ maxDepth: 1 })),
  }),
);

describe("hostile input against every API route", () => {
  const users: Record<string, CurrentUser> = {};
  let othersBattleId = "";
  let ownVotedBattleId = "";
  let before: Record<string, number> = {};

  beforeAll(async () => {
    await resetData();
    await importMiniSet();
    users.annotator = await makeUser("annotator");
    users.researcher = await makeUser("researcher");
    users.admin = await makeUser("admin");
    const other = await makeUser("annotator");
    othersBattleId = (await issueBattle(other))!.id;
    const voted = (await issueBattle(users.annotator))!;
    await recordVote(users.annotator.id, { battleId: voted.id, winner: "tie" });
    ownVotedBattleId = voted.id;
    // Each user has an open battle too, so "nothing to do" is never the reason for a 4xx.
    for (const u of Object.values(users)) await issueBattle(u);
    before = await rowCounts();
  });

  afterAll(async () => {
    currentUser = null;
  });

  it("finds the routes to attack", () => {
    expect(routes.map((r) => r.pattern)).toEqual(expect.arrayContaining(["/api/votes", "/api/battles/next", "/api/locale"]));
  });

  for (const route of routes) {
    for (const method of route.methods) {
      describe(`${method} ${route.pattern}`, () => {
        let mod: RouteModule;
        beforeAll(async () => {
          mod = (await import(/* @vite-ignore */ route.file)) as RouteModule;
        });

        for (const role of ["annotator", "researcher", "admin"] as const) {
          it(`as ${role}: malformed JSON, wrong types, huge bodies, unknown and others' ids → 4xx, no write`, async () => {
            currentUser = users[role]!;
            const names = paramNames(route.pattern);
            const idArb = fc.oneof(fc.uuid(), fc.constant(othersBattleId), fc.string({ maxLength: 40 }), fc.constant("../../etc/passwd"), fc.constant("' OR 1=1 --"));
            const paramsArb = fc.record(Object.fromEntries(names.map((n) => [n, idArb])) as Record<string, fc.Arbitrary<string>>);

            if (mutating(method)) {
              await fc.assert(
                fc.asyncProperty(malformedJson, paramsArb, async (body, params) => {
                  await expectClientError(await send(route, method, mod, { label: "malformed", body, params }), `malformed ${JSON.stringify(body)}`);
                }),
                { numRuns: 15 },
              );
              await fc.assert(
                fc.asyncProperty(wrongTypes, paramsArb, async (value, params) => {
                  await expectClientError(await send(route, method, mod, { label: "wrong type", body: JSON.stringify(value), params }), `wrong type ${JSON.stringify(value)}`);
                }),
                { numRuns: 25 },
              );
              // Over the 64 KiB limit, with an honest and with a lying content-length.
              const huge = JSON.stringify({ battleId: randomUUID(), winner: "tie", reason: "x".repeat(200_000) });
              await expectClientError(await send(route, method, mod, { label: "huge", body: huge }), "huge body");
              const hugeRequest = new Request(`http://127.0.0.1${fillPattern(route.pattern, () => randomUUID())}`, {
                method,
                headers: { "content-type": "application/json", "content-length": "10" },
                body: huge,
              });
              await expectClientError(await mod[method]!(hugeRequest, { params: Promise.resolve({}) }), "huge body, lying length");
              // Well-formed requests naming battles that are unknown, someone else's, or already decided differently.
              for (const battleId of [randomUUID(), othersBattleId]) {
                const body = JSON.stringify({ battleId, winner: "model_a", id: battleId });
                const params = Object.fromEntries(names.map((n) => [n, battleId]));
                await expectClientError(await send(route, method, mod, { label: "foreign id", body, params }), `foreign id ${battleId}`);
              }
              if (route.pattern === "/api/votes") {
                const body = JSON.stringify({ battleId: ownVotedBattleId, winner: "model_b" });
                await expectClientError(await send(route, method, mod, { label: "change vote", body }), "changing a recorded vote");
              }
            } else {
              // Reads: arbitrary query strings never break the route, and never write.
              await fc.assert(
                fc.asyncProperty(fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 30 }), { maxKeys: 4 }), paramsArb, async (query, params) => {
                  const qs = "?" + new URLSearchParams(query).toString();
                  const response = await send(route, method, mod, { label: "query", query: qs, params });
                  expect(response.status, `GET ${qs} → ${response.status}`).toBeLessThan(500);
                }),
                { numRuns: 20 },
              );
            }
            expect(await rowCounts()).toEqual(before);
          });
        }

        it("anonymous: 401 with a JSON error, no write", async () => {
          currentUser = null;
          const body = JSON.stringify({ battleId: othersBattleId, winner: "model_a", locale: "fr" });
          const response = await send(route, method, mod, { label: "anonymous", body });
          // Public routes (locale) still refuse the bad body; protected ones refuse the visitor.
          await expectClientError(response, "anonymous");
          expect(await rowCounts()).toEqual(before);
        });
      });
    }
  }
});
