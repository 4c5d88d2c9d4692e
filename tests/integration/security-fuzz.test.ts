import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { locales } from "@/lib/i18n/config";
import type { CurrentUser } from "@/lib/server/auth/session";
import { issueBattle } from "@/lib/server/battles/issue-battle";
import { recordVote } from "@/lib/server/votes/record-vote";
import { appRoutes, fillPattern, paramNames, type AppRoute } from "../helpers/app-routes";
import { hostileTexts } from "../helpers/hostile-text";
import { importMiniSet, makeUser, resetData, snapshotTables } from "../helpers/fixtures";
import { signInAs } from "./security-session";

// Hostile input against every API route (found by globbing app/api/**/route.ts): malformed JSON,
// wrong types, huge bodies, unknown ids and other users' ids. Each must get a 4xx with a JSON
// error { code, message } — never a 5xx — and must write nothing (every row of every table unchanged,
// snapshotTables). The visitor has a real session cookie (security-session.ts), so the session decoding and
// getCurrentUser run as under the app, as well as the route code.
vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());

const actAs = (user: CurrentUser | null) => signInAs(user?.id ?? null);

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>>;

// next-auth's own handler needs Next's request context; it is exercised over HTTP in e2e/hostile.spec.ts.
const routes = appRoutes().filter((r) => r.kind === "api" && !r.pattern.startsWith("/api/auth"));
const mutating = (m: string) => m !== "GET";

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
  let before = "";

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
    before = await snapshotTables();
  });

  afterAll(async () => {
    await actAs(null);
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
            await actAs(users[role]!);
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
            expect(await snapshotTables()).toEqual(before);
          });
        }

        it("anonymous: 401 with a JSON error, no write", async () => {
          await actAs(null);
          const body = JSON.stringify({ battleId: othersBattleId, winner: "model_a", locale: "fr" });
          const response = await send(route, method, mod, { label: "anonymous", body });
          // Public routes (locale) still refuse the bad body; protected ones refuse the visitor.
          await expectClientError(response, "anonymous");
          expect(await snapshotTables()).toEqual(before);
        });
      });
    }
  }
});

// Text that breaks naive storage: NUL (Postgres text refuses it), lone UTF-16 surrogates (not
// encodable as UTF-8, refused by jsonb), bidi overrides, markup, SQL, and text at and over limits.
// Each is tried on purpose (as fast-check examples), then random strings on top.
const hostileConstants = [...hostileTexts, "'; DROP TABLE votes; --", "%00", "9999-99-99", "2024-02-30", "x".repeat(201), "x".repeat(20_000)];
// (Random text leaves out U+FFFD, so a replacement character in the database means broken text was mangled.)
const hostileText = fc.oneof(fc.constantFrom(...hostileConstants), fc.string({ unit: "binary", minLength: 1, maxLength: 30 }).filter((s) => !s.includes("\uFFFD")));

describe("hostile values in well-formed requests", () => {
  const users: Record<string, CurrentUser> = {};
  let before = "";
  const readRoutes = routes.filter((r) => r.methods.includes("GET"));

  beforeAll(async () => {
    await db.importUpload.deleteMany();
    await resetData();
    await importMiniSet();
    for (const role of ["annotator", "researcher", "admin"] as const) users[role] = await makeUser(role);
    before = await snapshotTables();
  });
  afterAll(async () => {
    await actAs(null);
  });

  it("reads: every known query parameter with hostile values → 2xx or a 4xx JSON error, never 5xx or a write", async () => {
    await actAs(users.admin!);
    // Every parameter a read route takes (filters, formats, time zone), plus unknown ones.
    const names = ["language", "category", "tag", "promptSet", "campaign", "from", "to", "ties", "bothbad", "excluded", "format", "tz", "page", "x"];
    const keys = fc.constantFrom(...names);
    const examples = names.flatMap((k) => hostileConstants.map((v) => [{ [k]: v }] as [Record<string, string>]));
    for (const route of readRoutes) {
      const mod = (await import(/* @vite-ignore */ route.file)) as RouteModule;
      await fc.assert(
        fc.asyncProperty(fc.dictionary(keys, hostileText, { minKeys: 1, maxKeys: 3 }), async (query) => {
          const qs = "?" + new URLSearchParams(query).toString();
          const response = await send(route, "GET", mod, { label: "query", query: qs });
          const what = `GET ${route.pattern}${qs.slice(0, 200)} → ${response.status}`;
          expect(response.status, what).toBeLessThan(500);
          if (response.status >= 400) {
            const body = (await response.json()) as { error?: { code?: string; message?: string } };
            expect(typeof body.error?.code, what).toBe("string");
            expect(body.error?.message?.length ?? 0, what).toBeGreaterThan(3);
          } else {
            await response.arrayBuffer();
          }
        }),
        { numRuns: 30, examples },
      );
    }
    expect(await snapshotTables()).toEqual(before);
  });

  it("votes: hostile text as the reason on the caller's own open battle → never 5xx", async () => {
    const { POST } = (await import("@/app/api/votes/route")) as RouteModule;
    await fc.assert(
      fc.asyncProperty(hostileText, async (reason) => {
        const annotator = await makeUser("annotator");
        await actAs(annotator);
        const battle = (await issueBattle(annotator))!;
        const body = JSON.stringify({ battleId: battle.id, winner: "model_a", reason });
        const request = new Request("http://127.0.0.1/api/votes", { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${Math.floor(Math.random() * 250)}` }, body });
        const response = await POST!(request, { params: Promise.resolve({}) });
        const text = await response.text();
        expect(response.status, `reason ${JSON.stringify(reason).slice(0, 80)} → ${response.status} ${text.slice(0, 200)}`).toBeLessThan(500);
        const stored = await db.vote.findMany({ where: { battleId: battle.id }, select: { reason: true } });
        if (response.status >= 400) {
          expect(JSON.parse(text).error.code).toBeTypeOf("string");
          expect(stored).toEqual([]);
        } else {
          // Stored as sent (trimmed; a blank reason is none), not altered or replaced.
          expect(response.status).toBe(200);
          expect(stored).toEqual([{ reason: reason.trim() || null }]);
        }
      }),
      { numRuns: 10, examples: hostileConstants.map((t) => [t] as [string]) },
    );
  });

  it("locale: hostile locale values → 422, no write", async () => {
    const { POST } = (await import("@/app/api/locale/route")) as RouteModule;
    await actAs(users.annotator!);
    const counts = await snapshotTables();
    await fc.assert(
      // A random string can be a real locale ("en" was drawn once): those are not hostile.
      fc.asyncProperty(hostileText.filter((s) => !(locales as readonly string[]).includes(s)), async (locale) => {
        const request = new Request("http://127.0.0.1/api/locale", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ locale }) });
        await expectClientError(await POST!(request, { params: Promise.resolve({}) }), `locale ${JSON.stringify(locale).slice(0, 40)}`);
      }),
      { numRuns: 20 },
    );
    expect(await snapshotTables()).toEqual(counts);
  });

  it("locale: a body over 1 KiB → 413, declared or streamed without a length", async () => {
    const { POST } = (await import("@/app/api/locale/route")) as RouteModule;
    await actAs(users.annotator!);
    const counts = await snapshotTables();
    const big = JSON.stringify({ locale: "ar", pad: "x".repeat(2048) });
    const declared = new Request("http://127.0.0.1/api/locale", { method: "POST", headers: { "content-type": "application/json" }, body: big });
    const streamed = new Request("http://127.0.0.1/api/locale", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(big)), c.close()) }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.headers.get("content-length")).toBeNull();
    for (const request of [declared, streamed]) {
      const response = await POST!(request, { params: Promise.resolve({}) });
      expect(response.status).toBe(413);
      expect((await response.json()).error.code).toBe("payload_too_large");
    }
    expect(await snapshotTables()).toEqual(counts);
  });

  it("the read-only API: made-up, huge and malformed bearer tokens → 401 JSON, never 5xx", async () => {
    await actAs(null);
    const v1 = routes.filter((r) => r.pattern.startsWith("/api/v1/"));
    expect(v1.length).toBeGreaterThanOrEqual(3);
    const counts = await snapshotTables();
    const header = fc.oneof(
      fc.string({ maxLength: 80 }).map((t) => `Bearer ${t}`),
      fc.constantFrom("Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", "bearer arena_" + "A".repeat(100_000), "Bearer arena_\u0000", "Bearer ' OR 1=1 --"),
    );
    for (const route of v1) {
      const mod = (await import(/* @vite-ignore */ route.file)) as RouteModule;
      await fc.assert(
        fc.asyncProperty(header, async (authorization) => {
          // Headers cannot carry CR, LF or NUL at all: strip them so the route, not the Request constructor, is tested.
          // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what must be removed here.
          const request = new Request(`http://127.0.0.1${route.pattern}`, { headers: { authorization: authorization.replace(/[\r\n\u0000]/g, "") } });
          await expectClientError(await mod.GET!(request, { params: Promise.resolve({}) }), `${route.pattern} with ${authorization.slice(0, 40)}`);
        }),
        { numRuns: 20 },
      );
    }
    expect(await snapshotTables()).toEqual(counts);
  });

  it("uploads: hostile set names, file names and file bodies → a preview or a 4xx, never 5xx; a file with errors is never committed", async () => {
    await actAs(users.admin!);
    const { POST } = (await import("@/app/api/admin/import/uploads/route")) as RouteModule;
    const commit = (await import("@/app/api/admin/import/uploads/[id]/commit/route")) as unknown as RouteModule;
    const line = (fields: Record<string, unknown>) => JSON.stringify({ id: "p1", language: "en", category: "c", prompt: "p", responses: { "m-a": "a", "m-b": "b" }, ...fields });
    const body = fc.oneof(
      hostileText.map((t) => line({ prompt: t })),
      hostileText.map((t) => line({ category: t, tags: [t] })),
      hostileText.map((t) => line({ responses: { "m-a": t, "m-b": "b" } })),
      hostileText.map((t) => line({ id: t })),
      fc.constantFrom('{"id":"p1","language":"en","category":"c","prompt":"\\u0000","responses":{"m-a":"a","m-b":"b"}}', '{"id":"p1","language":"en","category":"c","prompt":"\\ud800","responses":{"m-a":"a","m-b":"b"}}'),
      fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
    );
    const name = fc.oneof(hostileText, fc.constant("ok"));
    // Each hostile text once as the set name, the file name, and in every field of a line.
    const examples: [string, string, string][] = hostileConstants.flatMap((t) => [
      [line({}), t, "ok"],
      [line({}), "ok", t],
      [line({ prompt: t }), "ok", "ok"],
      [line({ category: t, tags: [t] }), "ok", "ok"],
      [line({ responses: { "m-a": t, "m-b": "b" } }), "ok", "ok"],
      [line({ id: t }), "ok", "ok"],
    ]);
    const contentTables = ["prompt_sets", "prompts", "responses", "models", "pair_scores"];
    await fc.assert(
      fc.asyncProperty(body, name, name, async (file, setName, fileStem) => {
        const query = new URLSearchParams({ setName, fileName: `${fileStem}.jsonl` });
        const request = new Request(`http://127.0.0.1/api/admin/import/uploads?${query}`, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: file });
        const response = await POST!(request, { params: Promise.resolve({}) });
        const text = await response.text();
        const what = `upload set=${JSON.stringify(setName).slice(0, 40)} file=${JSON.stringify(fileStem).slice(0, 40)} body=${JSON.stringify(file).slice(0, 120)} → ${response.status} ${text.slice(0, 200)}`;
        expect(response.status, what).toBeLessThan(500);
        if (response.status !== 200) return;
        // Then the commit: refused (4xx, nothing written) when the preview has errors; otherwise the
        // hostile text is data like any other and the import must go through, not fail inside.
        const { uploadId, preview } = JSON.parse(text) as { uploadId: string; preview: { errors: { total: number } } };
        expect(typeof preview.errors.total, what).toBe("number");
        const contentBefore = await snapshotTables(contentTables);
        const committed = await commit.POST!(
          new Request(`http://127.0.0.1/api/admin/import/uploads/${uploadId}/commit`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
          { params: Promise.resolve({ id: uploadId }) },
        );
        const commitWhat = `commit (${preview.errors.total} errors) of ${what} → ${committed.status} ${(await committed.clone().text()).slice(0, 200)}`;
        expect(committed.status, commitWhat).toBeLessThan(500);
        if (preview.errors.total > 0) {
          expect(committed.status, commitWhat).toBeGreaterThanOrEqual(400);
          expect(await snapshotTables(contentTables), commitWhat).toBe(contentBefore);
        } else {
          expect(committed.status, commitWhat).toBe(200);
        }
      }),
      { numRuns: 40, examples },
    );
    // Nothing stored was silently altered: no replacement characters stand in for broken text.
    const mangled = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM prompts WHERE strpos(text, chr(65533)) > 0 OR strpos(category, chr(65533)) > 0`;
    expect(mangled[0]!.n).toBe(0);
  });
});
