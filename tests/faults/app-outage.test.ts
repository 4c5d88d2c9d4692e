import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildApp, createAnnotators, migrate, postJson, privatePostgresAvailable, seedDemo, signIn, startApp, startPrivatePostgres,
  type PrivatePostgres, type RunningApp,
} from "./harness";

// The whole app (production build, `next start`) under a small load while its Postgres server is
// stopped and restarted. Needs a build (~1–2 min), so it is opt-in: ARENA_APP_FAULT_TEST=1
// (tests/faults/postgres-outage.test.ts covers the same at the use-case and route level in CI).

const enabled = process.env.ARENA_APP_FAULT_TEST === "1" && privatePostgresAvailable();

describe.skipIf(!enabled)("app-level Postgres outage (next start)", () => {
  let server: PrivatePostgres;
  let app: RunningApp;
  let url: string;

  beforeAll(async () => {
    server = startPrivatePostgres();
    const name = `arena_appfault_${randomBytes(3).toString("hex")}`;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url = server.url.replace(/\/postgres$/, `/${name}`);
    migrate(url);
    seedDemo(url);
    buildApp(process.env.ARENA_FAULT_DIST_DIR ?? ".next-faults");
    app = await startApp({
      distDir: process.env.ARENA_FAULT_DIST_DIR ?? ".next-faults",
      port: 3300 + Math.floor(Math.random() * 500),
      databaseUrl: url,
      env: { ARENA_SIGNIN_RATE_PER_IP: "0", ARENA_VOTE_RATE_PER_USER: "0", ARENA_VOTE_RATE_PER_IP: "0" },
    });
  }, 600_000);

  afterAll(async () => {
    await app?.stop();
    server?.destroy();
  });

  it("answers 503 unavailable with Retry-After while down, recovers by itself, keeps every acknowledged vote once", async () => {
    const emails = await createAnnotators(url, 20, "fault-password");
    const cookies = await Promise.all(emails.map((e) => signIn(app.baseUrl, e, "fault-password")));
    const acknowledged = new Map<string, string>();
    const failures: { status: number; code: string; retryAfter: string | null; ms: number }[] = [];
    let retried = 0;
    let stopAt = Infinity;
    let restartedAt = 0;
    let firstOkAfterRestart: number | null = null;

    async function client(cookie: string, i: number) {
      while (Date.now() < stopAt) {
        let t = Date.now();
        const issued = await postJson(app.baseUrl, "/api/battles/next", cookie, {});
        if (issued.status !== 200) {
          failures.push({ status: issued.status, code: issued.json?.error?.code, retryAfter: issued.retryAfter, ms: Date.now() - t });
          await new Promise((r) => setTimeout(r, 250));
          continue;
        }
        const battleId = issued.json.battle.id as string;
        const winner = ["model_a", "model_b", "tie", "tie_bothbad"][i % 4]!;
        for (let attempt = 0; ; attempt++) {
          t = Date.now();
          const voted = await postJson(app.baseUrl, "/api/votes", cookie, { battleId, winner });
          if (voted.status === 200) {
            acknowledged.set(battleId, winner);
            if (attempt > 0) retried++;
            if (restartedAt && firstOkAfterRestart === null) firstOkAfterRestart = Date.now() - restartedAt;
            break;
          }
          failures.push({ status: voted.status, code: voted.json?.error?.code, retryAfter: voted.retryAfter, ms: Date.now() - t });
          if (Date.now() > stopAt + 30_000) throw new Error(`vote ${battleId} never got through`);
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    }

    const running = cookies.map((c, i) => client(c, i));
    await new Promise((r) => setTimeout(r, 3_000));
    const beforeOutage = acknowledged.size;
    await server.stop();
    await new Promise((r) => setTimeout(r, 3_000));
    await server.start();
    restartedAt = Date.now();
    await new Promise((r) => setTimeout(r, 5_000));
    stopAt = Date.now();
    await Promise.all(running);

    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect(f).toMatchObject({ status: 503, code: "unavailable" });
      expect(f.retryAfter).toMatch(/^\d+$/);
      expect(f.ms).toBeLessThan(6_000);
    }
    expect(firstOkAfterRestart).not.toBeNull();
    expect(acknowledged.size).toBeGreaterThan(beforeOutage);

    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const { rows } = await check.query<{ battle_id: string; winner: string; n: number }>(
      `SELECT v.battle_id::text, min(v.winner::text) AS winner, count(*)::int AS n FROM votes v
       JOIN users u ON u.id = v.annotator_id WHERE u.email LIKE 'load-%' GROUP BY 1`,
    );
    await check.end();
    const stored = new Map(rows.map((r) => [r.battle_id, r]));
    for (const [id, winner] of acknowledged) expect(stored.get(id)?.winner, id).toBe(winner);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(rows.length).toBe(acknowledged.size);
    console.log(JSON.stringify({ fault: "app-postgres-outage", acknowledged: acknowledged.size, beforeOutage, failures: failures.length, slowestFailureMs: Math.max(...failures.map((f) => f.ms)), retriedVotes: retried, firstOkAfterRestartMs: firstOkAfterRestart }));
  }, 180_000);
});
