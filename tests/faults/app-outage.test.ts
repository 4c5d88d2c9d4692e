import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeMajor, supportedNodeMajor } from "../../lib/node-version";
import {
  buildApp, createAnnotators, createPrivateDatabase, postJson, privatePostgresAvailable, seedDemo, seedFillerPrompts, signIn, startApp,
  startPrivatePostgres, winnersForLoad, type PrivatePostgres, type RunningApp,
} from "./harness";

// The whole app (production build under `next start`) in the middle of a load run while its
// Postgres server is stopped ("fast": every connection dropped, as in a crash or failover) and
// started again, without restarting the app:
//  - while Postgres is down every request answers promptly 503, code "unavailable", Retry-After;
//  - the app recovers by itself within seconds of Postgres returning, and then every request succeeds;
//  - every acknowledged vote is stored exactly once, and a vote retried with the same battle id
//    (sent during the outage, then again after it, twice) is recorded once.
// `npm run test:faults` (part of `npm test`) runs it on the build the e2e step just made
// (ARENA_FAULT_DIST_DIR=.next); buildApp builds only when that folder holds no build.
// tests/faults/postgres-outage.test.ts covers the same at the use-case level in `npm run test:integration`.

const enabled = process.env.ARENA_APP_FAULT_TEST === "1";
const distDir = process.env.ARENA_FAULT_DIST_DIR ?? ".next-faults";
const port = Number(process.env.ARENA_FAULT_PORT ?? 3400 + Math.floor(Math.random() * 100));

const clientCount = 16;
const outageMs = 3_000;
const backoffMs = 250;
// What the test holds the app to.
const maxFailureMs = 6_000; // a failed request answers within the pool's 5 s connect timeout
const maxFirstRecoveryMs = 5_000; // from Postgres accepting connections to the first acknowledged vote
const maxFullRecoveryMs = 10_000; // … to every client having a vote acknowledged again
const hangMs = 20_000; // a request unanswered this long counts as a hang

type Outcome = {
  client: number;
  route: "next" | "vote";
  startedAt: number;
  endedAt: number;
  status: number; // 0: no HTTP answer (connection error or hang)
  code?: string;
  retryAfter: string | null;
  json: Record<string, any>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!enabled)("app-level Postgres outage (next start)", () => {
  let server: PrivatePostgres;
  let app: RunningApp;
  let url: string;
  const setupMs: Record<string, number> = {};

  beforeAll(async () => {
    if (!privatePostgresAvailable()) {
      throw new Error("ARENA_APP_FAULT_TEST=1 needs PostgreSQL's server binaries under /usr/lib/postgresql (apt-get install postgresql)");
    }
    const timed = async <T>(step: string, run: () => T | Promise<T>): Promise<T> => {
      const started = Date.now();
      const result = await run();
      setupMs[step] = Date.now() - started;
      return result;
    };
    server = await timed("postgres", () => startPrivatePostgres());
    url = await timed("database", () => createPrivateDatabase(server, "arena_appfault"));
    await timed("seed", async () => {
      seedDemo(url);
      await seedFillerPrompts(url, 2000);
    });
    await timed("build", () => buildApp(distDir));
    app = await timed("app", () =>
      startApp({
        distDir,
        port,
        databaseUrl: url,
        env: { ARENA_SIGNIN_RATE_PER_IP: "0", ARENA_VOTE_RATE_PER_USER: "0", ARENA_VOTE_RATE_PER_IP: "0" },
      }),
    );
  }, 600_000);

  afterAll(async () => {
    await app?.stop();
    server?.destroy();
  });

  it("serves from a server process on the supported Node.js", () => {
    expect(nodeMajor(app.nodeVersion), `next start reported Node.js ${app.nodeVersion}`).toBe(supportedNodeMajor);
  });

  it("answers 503 unavailable with Retry-After while down, recovers by itself, keeps every acknowledged vote once", async () => {
    const t0 = Date.now();
    const outcomes: Outcome[] = [];
    const acknowledged = new Map<string, { winner: string; at: number; client: number }>();
    const retriedVotes = new Set<string>();
    const clientErrors: Error[] = [];
    let stopping = false;

    async function call(client: number, route: Outcome["route"], cookie: string, body: unknown): Promise<Outcome> {
      const startedAt = Date.now();
      let outcome: Outcome;
      try {
        const r = await postJson(app.baseUrl, route === "next" ? "/api/battles/next" : "/api/votes", cookie, body, AbortSignal.timeout(hangMs));
        outcome = { client, route, startedAt, endedAt: Date.now(), status: r.status, code: r.json?.error?.code, retryAfter: r.retryAfter, json: r.json };
      } catch (error) {
        const code = (error as Error).name === "TimeoutError" ? "hang" : `network: ${(error as Error).message}`;
        outcome = { client, route, startedAt, endedAt: Date.now(), status: 0, code, retryAfter: null, json: {} };
      }
      outcomes.push(outcome);
      return outcome;
    }

    // One client per annotator, as fast as the app answers: issue a battle, vote; on a failure wait a
    // moment and retry the same step with the same payload (the battle id makes a vote idempotent).
    async function client(index: number, cookie: string) {
      for (let round = 0; !stopping; round++) {
        const issued = await call(index, "next", cookie, {});
        if (issued.status !== 200) {
          await sleep(backoffMs);
          continue;
        }
        const battleId = issued.json.battle?.id as string | undefined;
        if (!battleId) throw new Error(`client ${index} ran out of battles`);
        const winner = winnersForLoad[(index + round) % winnersForLoad.length]!;
        for (let attempt = 0; ; attempt++) {
          const voted = await call(index, "vote", cookie, { battleId, winner });
          if (voted.status === 200) {
            acknowledged.set(battleId, { winner, at: voted.endedAt, client: index });
            if (attempt > 0) retriedVotes.add(battleId);
            break;
          }
          if (stopping) break; // the run is over; after recovery nothing fails (asserted below)
          await sleep(backoffMs);
        }
      }
    }

    const failures = () => outcomes.filter((o) => o.status !== 200);
    const summary = () => {
      const counts = new Map<string, number>();
      for (const o of outcomes) {
        const key = `${o.route} ${o.status} ${o.code ?? ""}`.trim();
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return JSON.stringify(Object.fromEntries(counts));
    };
    const clientsVotedSince = (since: number) => new Set([...acknowledged.values()].filter((a) => a.at >= since).map((a) => a.client)).size;
    async function waitUntil(what: string, condition: () => boolean, timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (clientErrors.length > 0) throw clientErrors[0];
        if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s. Responses so far: ${summary()}`);
        await sleep(25);
      }
    }

    const password = "fault-password";
    const emails = await createAnnotators(url, clientCount + 1, password);
    const cookies = await Promise.all(emails.map((e) => signIn(app.baseUrl, e, password)));
    // The probe: a battle issued before the outage whose vote is first sent while Postgres is down.
    const probeCookie = cookies.pop()!;
    const probeIssued = await postJson(app.baseUrl, "/api/battles/next", probeCookie, {});
    expect(probeIssued.status).toBe(200);
    const probeBattleId = probeIssued.json.battle.id as string;
    const probeVote = () => call(clientCount, "vote", probeCookie, { battleId: probeBattleId, winner: "model_b" });

    const running = cookies.map((cookie, i) => client(i, cookie).catch((error: Error) => void clientErrors.push(error)));
    let beforeOutage = 0, stopCalledAt = 0, stoppedAt = 0, restartedAt = 0, recoveredAt = 0, loadStoppedAt = 0;
    let probeDuring: Outcome, probeRetry: Outcome, probeRepeat: Outcome;
    try {
      // Load first: every client has had a vote acknowledged (the app is warm) before Postgres goes.
      await waitUntil("every client voting before the outage", () => clientsVotedSince(0) === clientCount, 60_000);
      beforeOutage = acknowledged.size;

      stopCalledAt = Date.now();
      await server.stop();
      stoppedAt = Date.now();
      probeDuring = await probeVote();
      await waitUntil("the clients meeting the outage", () => failures().filter((f) => f.startedAt >= stoppedAt).length >= clientCount, 20_000);
      await sleep(Math.max(0, stoppedAt + outageMs - Date.now()));
      await server.start(); // returns once Postgres accepts connections
      restartedAt = Date.now();

      await waitUntil("every client voting again after Postgres returned", () => clientsVotedSince(restartedAt) === clientCount, 30_000);
      recoveredAt = Date.now();
      // The probe's vote again, twice, as a client that lost the first answer would send it.
      probeRetry = await probeVote();
      probeRepeat = await probeVote();
      if (probeRetry.status === 200) acknowledged.set(probeBattleId, { winner: "model_b", at: probeRetry.endedAt, client: clientCount });
      // Load keeps running a little after recovery: from here on every request must succeed.
      await sleep(1_000);
    } finally {
      stopping = true;
      await Promise.all(running);
      loadStoppedAt = Date.now();
    }
    if (clientErrors.length > 0) throw clientErrors[0];

    const allFailures = failures();
    const loadFailures = allFailures.filter((f) => f.client < clientCount);
    const acksAfterRestart = [...acknowledged.values()].filter((a) => a.at >= restartedAt && a.client < clientCount);
    const firstOkAfterRestartMs = Math.min(...acksAfterRestart.map((a) => a.at)) - restartedAt;
    const allClientsRecoveredMs = (() => {
      const first = new Map<number, number>();
      for (const a of acksAfterRestart) first.set(a.client, Math.min(first.get(a.client) ?? Infinity, a.at));
      return Math.max(...first.values()) - restartedAt;
    })();

    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const { rows } = await check.query<{ battle_id: string; winner: string; n: number }>(
      `SELECT v.battle_id::text, min(v.winner::text) AS winner, count(*)::int AS n FROM votes v
       JOIN users u ON u.id = v.annotator_id WHERE u.email = ANY($1) GROUP BY 1`,
      [emails],
    );
    await check.end();

    const measured = {
      fault: "app-postgres-outage",
      clients: clientCount,
      setupMs,
      loadMs: loadStoppedAt - t0,
      postgresStopMs: stoppedAt - stopCalledAt,
      outageMs: restartedAt - stopCalledAt,
      requests: outcomes.length,
      failures: allFailures.length,
      failuresByRoute: { next: loadFailures.filter((f) => f.route === "next").length, vote: loadFailures.filter((f) => f.route === "vote").length },
      statuses: summary(),
      slowestFailureMs: Math.max(...allFailures.map((f) => f.endedAt - f.startedAt)),
      firstOkAfterRestartMs,
      allClientsRecoveredMs,
      acknowledged: acknowledged.size,
      acknowledgedBeforeOutage: beforeOutage,
      acknowledgedAfterRestart: acksAfterRestart.length,
      retriedVotes: retriedVotes.size, // by the load clients, besides the probe
      probe: [probeDuring!, probeRetry!, probeRepeat!].map((o) => `${o.status} ${o.code ?? `replayed=${o.json?.vote?.replayed}`}`),
      stored: rows.length,
    };
    console.log(JSON.stringify(measured));

    // While down: failures happened, and every one was a prompt, retryable 503 (no hang, no other error).
    expect(beforeOutage).toBeGreaterThan(0);
    expect(loadFailures.length).toBeGreaterThanOrEqual(clientCount);
    const unexpected = allFailures.filter(
      (f) => f.status !== 503 || f.code !== "unavailable" || !/^\d+$/.test(f.retryAfter ?? "") || f.endedAt - f.startedAt >= maxFailureMs,
    );
    expect(unexpected.map(({ json: _json, ...f }) => ({ ...f, startedAt: f.startedAt - t0, endedAt: f.endedAt - t0 }))).toEqual([]);
    // Failures only because of the outage: none answered before Postgres was stopped, none started after recovery.
    expect(allFailures.filter((f) => f.endedAt < stopCalledAt || f.startedAt >= recoveredAt)).toEqual([]);

    // Recovered by itself, within seconds, for every client.
    expect(firstOkAfterRestartMs).toBeLessThan(maxFirstRecoveryMs);
    expect(allClientsRecoveredMs).toBeLessThan(maxFullRecoveryMs);

    // The retried vote: 503 during the outage, recorded on the retry, answered as a replay on the repeat.
    expect(probeDuring!).toMatchObject({ status: 503, code: "unavailable" });
    expect(probeDuring!.retryAfter).toMatch(/^\d+$/);
    expect(probeRetry!).toMatchObject({ status: 200, json: { vote: { battleId: probeBattleId, winner: "model_b", replayed: false } } });
    expect(probeRepeat!).toMatchObject({ status: 200, json: { vote: { battleId: probeBattleId, winner: "model_b", replayed: true } } });

    // Every acknowledged vote stored exactly once, with its winner; nothing stored that was not acknowledged.
    const stored = new Map(rows.map((r) => [r.battle_id, r]));
    for (const [battleId, { winner }] of acknowledged) expect(stored.get(battleId)?.winner, battleId).toBe(winner);
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    expect(rows.length).toBe(acknowledged.size);
  }, 180_000);
});
