import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  actionAccess,
  actionSamples,
  allowed,
  apiAccess,
  pageAccess,
  repoRoot,
  serverActionFiles,
  serverActionKeys,
  type SampleIds,
  type Visitor,
} from "../../e2e/helpers/access-table";
import { appRoutes, fillPattern, intendedAudience, paramNames } from "../helpers/app-routes";

// The access matrix, in-process: every page, API route and server action of the app must be listed
// in e2e/helpers/access-table.ts (and nothing listed may be gone), and every API route and server
// action answers each visitor as the table says. Visitors carry a real session cookie
// (security-session.ts), so the real session decoding, getCurrentUser (role and disabled state from
// the database) and the real route and action code run. Pages are checked over HTTP in
// e2e/access-matrix.spec.ts.

vi.mock("next/headers", async () => (await import("./security-session")).nextHeadersMock());
// Server actions revalidate pages; outside a Next request there is nothing to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { signInAs } = await import("./security-session");
const { db } = await import("@/lib/db");
const { importMiniSet, makeUser, resetData, seedSampleRows, snapshotTables } = await import("../helpers/fixtures");

type Action = (input: unknown) => Promise<{ ok: boolean; error?: { code: string; message: string } }>;
type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>>;

const routes = appRoutes();
const apiKeys = routes.filter((r) => r.kind === "api").flatMap((r) => r.methods.map((m) => `${m} ${r.pattern}`));
const pagePatterns = routes.filter((r) => r.kind === "page").map((r) => r.pattern);

async function loadAction(key: string): Promise<Action> {
  const [file, name] = key.split("#") as [string, string];
  const mod = (await import(/* @vite-ignore */ path.join(repoRoot, file))) as Record<string, unknown>;
  const action = mod[name];
  if (typeof action !== "function") throw new Error(`${key} is not a function`);
  return action as Action;
}

describe("the access table lists every page, API route and server action", () => {
  it("pages: every page.tsx under app/ is in the table, and every table entry exists", () => {
    expect(pagePatterns.length).toBeGreaterThanOrEqual(10);
    expect([...pagePatterns].sort(), "add new pages to pageAccess in e2e/helpers/access-table.ts").toEqual(Object.keys(pageAccess).sort());
  });

  it("API routes: every exported method of every route.ts is in the table, and every table entry exists", () => {
    expect(apiKeys.length).toBeGreaterThanOrEqual(10);
    expect([...apiKeys].sort(), "add new API routes to apiAccess in e2e/helpers/access-table.ts").toEqual(Object.keys(apiAccess).sort());
  });

  it('server actions: every export of every "use server" file is in the table, and every table entry exists', async () => {
    const keys = serverActionKeys();
    expect(keys.some((k) => k.endsWith("#<inline>")), `inline "use server" found: ${keys.filter((k) => k.endsWith("#<inline>")).join(", ")}`).toBe(false);
    expect(keys.length).toBeGreaterThanOrEqual(10);
    expect([...keys].sort(), "add new server actions to actionAccess (and actionSamples) in e2e/helpers/access-table.ts").toEqual(Object.keys(actionAccess).sort());
    expect(Object.keys(actionSamples).sort()).toEqual(Object.keys(actionAccess).sort());
    // The source scan agrees with what the modules really export.
    for (const { file, exports } of serverActionFiles()) {
      const mod = (await import(/* @vite-ignore */ path.join(repoRoot, file))) as Record<string, unknown>;
      expect(Object.keys(mod).sort(), file).toEqual(exports);
    }
  });

  it("the discovery itself works: a file with a new export would be seen", () => {
    expect(serverActionFiles().map((f) => f.file)).toEqual(
      expect.arrayContaining(["lib/actions/admin.ts", "lib/actions/api-tokens.ts"]),
    );
    // Actions live in lib/actions/<area>.ts, never beside a route: components import them from there.
    expect(serverActionFiles().filter((f) => !f.file.startsWith("lib/actions/")).map((f) => f.file), "move server actions to lib/actions/").toEqual([]);
    expect(routes.find((r) => r.pattern === "/api/admin/import/uploads/[id]")?.methods.sort()).toEqual(["DELETE", "GET"]);
  });

  it("the table agrees with the path convention (admin under /admin, research under /research, …)", () => {
    for (const [pattern, audience] of Object.entries(pageAccess)) expect(audience, pattern).toBe(intendedAudience(pattern));
    for (const [key, audience] of Object.entries(apiAccess)) expect(audience, key).toBe(intendedAudience(key.split(" ")[1]!));
  });
});

describe("API routes and server actions answer each visitor as the table says", () => {
  const visitorIds: Partial<Record<Visitor | "disabled", string>> = {};
  let ids: SampleIds;

  beforeAll(async () => {
    await resetData();
    const seeded = await seedSampleRows("matrix");
    ids = seeded.ids;
    Object.assign(visitorIds, seeded.visitorIds);
    const disabled = await makeUser("admin");
    await db.user.update({ where: { id: disabled.id }, data: { disabled: true } });
    visitorIds.disabled = disabled.id;
  });

  afterAll(async () => {
    await signInAs(null);
    await resetData();
  });

  const apiRoutes = routes.filter((r) => r.kind === "api" && !r.pattern.startsWith("/api/auth"));
  for (const route of apiRoutes) {
    for (const method of route.methods) {
      const key = `${method} ${route.pattern}`;
      it(`${key}`, async () => {
        const audience = apiAccess[key];
        expect(audience, `${key} is not in the access table`).toBeDefined();
        const mod = (await import(/* @vite-ignore */ route.file)) as RouteModule;
        const names = paramNames(route.pattern);
        for (const visitor of ["anonymous", "disabled", "annotator", "researcher", "admin"] as const) {
          await signInAs(visitor === "anonymous" ? null : visitorIds[visitor]!);
          const params = Object.fromEntries(names.map((n) => [n, randomUUID()]));
          const url = `http://127.0.0.1${fillPattern(route.pattern, (n) => params[n]!)}`;
          const request = new Request(url, method === "GET" ? { method } : { method, headers: { "content-type": "application/json" }, body: "{}" });
          const before = await snapshotTables();
          const response = await mod[method]!(request, { params: Promise.resolve(params) });
          const status = response.status;
          const what = `${visitor} ${key} → ${status}`;
          expect(status, what).toBeLessThan(500);
          // A disabled account is an anonymous visitor.
          const may = allowed(audience!, visitor === "disabled" ? "anonymous" : visitor);
          if (!may) {
            expect(status, what).toBe(visitor === "anonymous" || visitor === "disabled" ? 401 : 403);
            expect(await snapshotTables(), `${what}: a refused request wrote`).toBe(before);
          } else {
            expect([401, 403], what).not.toContain(status);
          }
        }
      });
    }
  }

  for (const key of Object.keys(actionAccess)) {
    it(`${key.split("#")[1]} (${actionAccess[key]})`, async () => {
      const action = await loadAction(key);
      const audience = actionAccess[key]!;
      // A user of its own per action, so one action's change cannot decide another's outcome.
      const sample = () => actionSamples[key]!({ ...ids, user: target }, randomBytes(4).toString("hex"));
      const target = (await makeUser("annotator")).id;
      // Refusals first, so each must leave the database exactly as it was.
      const order = ["anonymous", "disabled", "annotator", "researcher", "admin"] as const;
      for (const visitor of order.filter((v) => v === "anonymous" || v === "disabled" || !allowed(audience, v))) {
        await signInAs(visitor === "anonymous" ? null : visitorIds[visitor]!);
        const before = await snapshotTables();
        const result = await action(sample());
        expect(result, `${visitor} → ${key}`).toMatchObject({ ok: false, error: { code: visitor === "anonymous" || visitor === "disabled" ? "unauthorized" : "forbidden" } });
        expect(await snapshotTables(), `${visitor} → ${key}: a refused action wrote`).toBe(before);
      }
      for (const visitor of order.filter((v) => v !== "anonymous" && v !== "disabled" && allowed(audience, v))) {
        await signInAs(visitorIds[visitor]!);
        const result = await action(sample());
        expect(result.error?.code ?? "ok", `${visitor} → ${key}: ${JSON.stringify(result)}`).not.toMatch(/^(unauthorized|forbidden|unavailable)$/);
      }
    });
  }
});

// "Sessions end when a user is disabled": a user who is signed in and working gets 401 (routes) or
// unauthorized (actions) on the very next request after an admin disables them through the real
// admin action, and a role change applies on the next request too. Written against behaviour, so
// it holds whether or not getCurrentUser caches the user row, as long as the admin action
// invalidates what it changed.
describe("a live session ends on the next request once an admin disables the account", () => {
  type Mod = Record<string, (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>>;
  const route = async (p: string) => (await import(/* @vite-ignore */ path.join(repoRoot, "app", p))) as Mod;
  const post = (url: string, body = "{}") => new Request(`http://127.0.0.1${url}`, { method: "POST", headers: { "content-type": "application/json" }, body });
  const get = (url: string) => new Request(`http://127.0.0.1${url}`);
  let adminId = "";

  beforeAll(async () => {
    await resetData();
    await importMiniSet();
    adminId = (await makeUser("admin")).id;
  });
  afterAll(async () => {
    await signInAs(null);
    await resetData();
  });

  it("an annotator mid-battle: next battle, vote, progress and page all refuse at once", async () => {
    const nextBattle = await route("api/battles/next/route.ts");
    const votes = await route("api/votes/route.ts");
    const progress = await route("api/me/progress/route.ts");
    const { guardPage } = await import("@/lib/server/auth/page-guard");
    const { setUserDisabledAction } = (await import("@/lib/actions/admin")) as unknown as Record<string, Action>;
    const annotator = await makeUser("annotator");

    await signInAs(annotator.id);
    const first = await nextBattle.POST!(post("/api/battles/next"));
    expect(first.status).toBe(200);
    const battle = ((await first.json()) as { battle: { id: string } }).battle;
    expect(battle?.id).toBeTruthy();
    expect((await progress.GET!(get("/api/me/progress"))).status).toBe(200);
    expect((await guardPage(["annotator"], "/battle")).allowed).toBe(true);

    await signInAs(adminId);
    expect(await setUserDisabledAction!({ userId: annotator.id, disabled: true })).toMatchObject({ ok: true });

    // The annotator's very next requests, with the same session.
    await signInAs(annotator.id);
    const vote = await votes.POST!(post("/api/votes", JSON.stringify({ battleId: battle.id, winner: "model_a" })));
    expect(vote.status).toBe(401);
    expect(((await vote.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    expect((await nextBattle.POST!(post("/api/battles/next"))).status).toBe(401);
    expect((await progress.GET!(get("/api/me/progress"))).status).toBe(401);
    // Pages send the visitor to sign-in (Next's redirect() throws a NEXT_REDIRECT error).
    const redirect = await guardPage(["annotator"], "/battle").then(() => null, (e: unknown) => e as { digest?: string });
    expect(String(redirect?.digest)).toMatch(/NEXT_REDIRECT.*\/signin/);
    expect(await db.vote.count({ where: { annotatorId: annotator.id } })).toBe(0);
  });

  it("an admin disabled by another admin: their next action and API call refuse at once", async () => {
    const actions = (await import("@/lib/actions/admin")) as unknown as Record<string, Action>;
    const leaderboard = await route("api/research/leaderboard/route.ts");
    const other = await makeUser("admin");
    await signInAs(other.id);
    expect((await leaderboard.GET!(get("/api/research/leaderboard"))).status).toBe(200);

    await signInAs(adminId);
    expect(await actions.setUserDisabledAction!({ userId: other.id, disabled: true })).toMatchObject({ ok: true });

    await signInAs(other.id);
    expect(await actions.setUserDisabledAction!({ userId: adminId, disabled: true })).toMatchObject({ ok: false, error: { code: "unauthorized" } });
    expect((await leaderboard.GET!(get("/api/research/leaderboard"))).status).toBe(401);
    expect((await db.user.findUniqueOrThrow({ where: { id: adminId } })).disabled).toBe(false);
  });

  it("enabling the account again does not revive a session from before it was disabled", async () => {
    const { currentSession, useSession } = await import("./security-session");
    const actions = (await import("@/lib/actions/admin")) as unknown as Record<string, Action>;
    const progress = await route("api/me/progress/route.ts");
    const annotator = await makeUser("annotator");
    await signInAs(annotator.id);
    const oldSession = currentSession();
    expect((await progress.GET!(get("/api/me/progress"))).status).toBe(200);

    await signInAs(adminId);
    expect(await actions.setUserDisabledAction!({ userId: annotator.id, disabled: true })).toMatchObject({ ok: true });
    expect(await actions.setUserDisabledAction!({ userId: annotator.id, disabled: false })).toMatchObject({ ok: true });

    // The old cookie (say, a stolen one) stays dead; a fresh sign-in works.
    useSession(oldSession);
    expect((await progress.GET!(get("/api/me/progress"))).status).toBe(401);
    // No pause needed: a session carries its sign-in time in milliseconds (signedInAt), compared with the
    // disabling's sessions_valid_from at the same precision, and a sign-in in the same millisecond counts.
    await signInAs(annotator.id, { fresh: true });
    expect((await progress.GET!(get("/api/me/progress"))).status).toBe(200);
  });

  it("a researcher demoted to annotator loses the research API on the next request", async () => {
    const actions = (await import("@/lib/actions/admin")) as unknown as Record<string, Action>;
    const leaderboard = await route("api/research/leaderboard/route.ts");
    const researcher = await makeUser("researcher");
    await signInAs(researcher.id);
    expect((await leaderboard.GET!(get("/api/research/leaderboard"))).status).toBe(200);

    await signInAs(adminId);
    expect(await actions.changeUserRoleAction!({ userId: researcher.id, role: "annotator" })).toMatchObject({ ok: true });

    await signInAs(researcher.id);
    expect((await leaderboard.GET!(get("/api/research/leaderboard"))).status).toBe(403);
  });
});
