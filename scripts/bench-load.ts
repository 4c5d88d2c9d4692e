// `npm run bench:load`: the production app under N concurrent signed-in annotators.
//
// Builds the app into .next-bench (`next build`), serves it with `next start` against a throwaway
// migrated Postgres database seeded with the demo set, creates annotator accounts, and drives it
// from this process over loopback with autocannon: each virtual annotator loops "POST /api/battles/next, then
// POST /api/votes" for a fixed time. One JSON line per level: votes/s, p50/p99 latency of issuing
// and of voting, error count. Afterwards every acknowledged vote must be in the database exactly
// once and no battle may have two votes (checked and printed; the script exits 1 otherwise).
//
//   npm run bench:load                       levels 10, 50, 200; 20 s each
//   npm run bench:load -- --levels 50 --seconds 30 --no-build
//   npm run bench:load -- --embedded --levels 10    the embedded database (PGlite) of `npm start`, pool of 1
//   npm run bench:load -- --one-trip --processes 2  the browser's loop (POST /api/votes with next: true: the
//                                                   vote's answer carries the next battle), 2 server processes
import os from "node:os";
import path from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { createTestDatabase } from "../tests/setup/test-database";
import { startEmbeddedDatabaseProcess } from "../tests/faults/harness";
import { buildApp, createAnnotators, percentile, seedDemo, seedFillerPrompts, signIn, startApp, winnersForLoad } from "../tests/faults/harness";

const { values: args } = parseArgs({
  options: {
    levels: { type: "string", default: "10,50,200" },
    seconds: { type: "string", default: "20" },
    // Hard cap on requests per level, whatever the speed.
    "max-requests": { type: "string", default: "60000" },
    port: { type: "string", default: process.env.BENCH_PORT ?? "3203" },
    "dist-dir": { type: "string", default: ".next-bench" },
    "no-build": { type: "boolean", default: false },
    // The embedded database in its own process, as `npm start` runs it (and its pool of one connection).
    embedded: { type: "boolean", default: false },
    "pool-max": { type: "string" },
    // One request per vote, as the browser does: POST /api/votes with next: true (after one first issue).
    "one-trip": { type: "boolean", default: false },
    // Server processes behind the port (node:cluster, as `npm start` with WEB_CONCURRENCY).
    processes: { type: "string", default: "1" },
    // Writes a V8 CPU profile of the app process into this folder (open it in Chrome's DevTools).
    profile: { type: "string" },
  },
});
const levels = args.levels.split(",").map(Number);
const seconds = Number(args.seconds);
const maxRequests = Number(args["max-requests"]);
const poolMax = args["pool-max"] ?? (args.embedded ? "1" : (process.env.DATABASE_POOL_MAX ?? "10"));
const password = "bench-password";

type LevelResult = {
  annotators: number;
  seconds: number;
  votes: number;
  votesPerSecond: number;
  issueMs: { p50: number; p99: number };
  voteMs: { p50: number; p99: number };
  errors: number;
  errorSamples: string[];
};

// One level: `connections` = annotators, each an autocannon connection looping "issue, then vote on
// what was issued" with its own account. autocannon writes and parses HTTP itself (far cheaper than
// fetch), which leaves more of the shared 2 cores to the app and Postgres. A connection takes a free
// account when it issues and gives it back after the vote, so no two requests of one account overlap.
// When the time is up autocannon drops requests still in flight: those votes were sent but never
// acknowledged, and are counted separately by the integrity check.
async function runLevel(baseUrl: string, cookies: string[], durationMs: number, ledger: VoteLedger): Promise<LevelResult> {
  const issueLatencies: number[] = [];
  const voteLatencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let votes = 0;
  let round = 0;
  const free = [...cookies];
  const fail = (what: string) => {
    errors++;
    if (errorSamples.length < 5) errorSamples.push(what);
  };
  type Context = { cookie?: string; started?: number; battleId?: string; winner?: string; voting?: string; slot?: { cookie: string; battleId: string | undefined } };
  const jsonHeaders = (cookie: string) => ({ "content-type": "application/json", cookie });

  // The loop before: POST /api/battles/next, then POST /api/votes (API clients still can).
  function twoTripRequests(): autocannon.Request[] {
    return [
        {
          method: "POST",
          path: "/api/battles/next",
          setupRequest: (request, context: Context) => {
            context.cookie = free.pop();
            context.started = performance.now();
            return { ...request, headers: jsonHeaders(context.cookie!), body: "{}" };
          },
          onResponse: (status, body, context: Context) => {
            issueLatencies.push(performance.now() - context.started!);
            const battleId = status === 200 ? (JSON.parse(body) as { battle?: { id?: string } | null }).battle?.id : undefined;
            if (!battleId) fail(`issue: HTTP ${status} ${body.slice(0, 120)}`);
            context.battleId = battleId;
          },
        },
        {
          method: "POST",
          path: "/api/votes",
          setupRequest: (request, context: Context) => {
            if (!context.battleId) {
              free.push(context.cookie!);
              return null as unknown as typeof request; // autocannon starts the round again (a fresh issue)
            }
            context.winner = winnersForLoad[round++ % winnersForLoad.length]!;
            context.started = performance.now();
            ledger.sent.add(context.battleId);
            return { ...request, headers: jsonHeaders(context.cookie!), body: JSON.stringify({ battleId: context.battleId, winner: context.winner }) };
          },
          onResponse: (status, body, context: Context) => {
            voteLatencies.push(performance.now() - context.started!);
            free.push(context.cookie!);
            const vote = status === 200 ? (JSON.parse(body) as { vote?: { battleId?: string } }).vote : undefined;
            if (vote?.battleId === context.battleId) {
              votes++;
              ledger.acknowledged.set(context.battleId!, context.winner!);
            } else {
              fail(`vote: HTTP ${status} ${body.slice(0, 120)}`);
            }
          },
        },
      ];
  }

  // The browser's loop: after an account's first issue, every request is a vote that asks for the next
  // battle (next: true), and the answer's battle is the one voted on next. autocannon clears a connection's
  // context after each pass over the requests (here, each request), so an account and its battle travel in a
  // slot taken for the request and given back with the answer: no two requests of one account overlap.
  const slots = cookies.map((cookie) => ({ cookie, battleId: undefined as string | undefined }));
  function oneTripRequests(): autocannon.Request[] {
    return [
      {
        method: "POST",
        path: "/api/votes",
        setupRequest: (request, context: Context) => {
          const slot = slots.pop()!;
          context.slot = slot;
          context.started = performance.now();
          if (!slot.battleId) return { ...request, path: "/api/battles/next", headers: jsonHeaders(slot.cookie), body: "{}" };
          context.winner = winnersForLoad[round++ % winnersForLoad.length]!;
          ledger.sent.add(slot.battleId);
          context.voting = slot.battleId;
          return { ...request, path: "/api/votes", headers: jsonHeaders(slot.cookie), body: JSON.stringify({ battleId: slot.battleId, winner: context.winner, next: true }) };
        },
        onResponse: (status, body, context: Context) => {
          const elapsed = performance.now() - context.started!;
          const slot = context.slot!;
          slots.push(slot);
          const answer = status === 200 ? (JSON.parse(body) as { battle?: { id?: string } | null; vote?: { battleId?: string }; next?: { battle?: { id?: string } | null } }) : undefined;
          if (!context.voting) {
            issueLatencies.push(elapsed);
            slot.battleId = answer?.battle?.id;
            if (!slot.battleId) fail(`issue: HTTP ${status} ${body.slice(0, 120)}`);
            return;
          }
          voteLatencies.push(elapsed);
          if (answer?.vote?.battleId === context.voting) {
            votes++;
            ledger.acknowledged.set(context.voting, context.winner!);
          } else {
            fail(`vote: HTTP ${status} ${body.slice(0, 120)}`);
          }
          // A failed vote keeps its battle (the next pass repeats it, as the page's "Try again" does).
          if (answer) slot.battleId = answer.next?.battle?.id;
          if (answer && !slot.battleId) fail(`next: none in ${body.slice(0, 120)}`);
        },
      },
    ];
  }

  const started = performance.now();
  const result = await autocannon({
    url: baseUrl,
    connections: cookies.length,
    duration: durationMs / 1000,
    // Bounded in requests as well as time (an even number per connection: whole issue + vote rounds).
    maxConnectionRequests: (args["one-trip"] ? 1 : 2) * Math.max(1, Math.floor(maxRequests / cookies.length / 2)),
    timeout: 30,
    requests: args["one-trip"] ? oneTripRequests() : twoTripRequests(),
  });
  const elapsed = (performance.now() - started) / 1000;
  // Connection-level failures (refused, reset, timed out) never reach onResponse.
  errors += result.errors + result.timeouts;
  if (result.errors + result.timeouts > 0 && errorSamples.length < 5) errorSamples.push(`${result.errors} connection errors, ${result.timeouts} timeouts`);
  issueLatencies.sort((a, b) => a - b);
  voteLatencies.sort((a, b) => a - b);
  const round1 = (n: number) => Math.round(n * 10) / 10;
  return {
    annotators: cookies.length,
    seconds: round1(elapsed),
    votes,
    votesPerSecond: round1(votes / elapsed),
    issueMs: { p50: round1(percentile(issueLatencies, 50)), p99: round1(percentile(issueLatencies, 99)) },
    voteMs: { p50: round1(percentile(voteLatencies, 50)), p99: round1(percentile(voteLatencies, 99)) },
    errors,
    errorSamples,
  };
}

// Votes the generator sent, and those the app acknowledged (battle id → winner).
type VoteLedger = { sent: Set<string>; acknowledged: Map<string, string> };

// CPU time (ms) used so far by the app's process group, by every Postgres process on the machine, and by
// this load generator: divided by the votes of a level it says where the 2 cores went.
type CpuSample = { app: number; postgres: number; generator: number };
function cpuSample(appPid: number, databasePid?: number): CpuSample {
  const ticksToMs = 10; // USER_HZ is 100 on Linux
  let app = 0;
  let postgres = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cpu = (Number(fields[11]) + Number(fields[12])) * ticksToMs; // utime + stime
    if (Number(fields[2]) === appPid) app += cpu; // process group of `next start`
    else if (comm.startsWith("postgres") || Number(entry) === databasePid) postgres += cpu;
  }
  const own = process.cpuUsage();
  return { app, postgres, generator: (own.user + own.system) / 1000 };
}

async function main() {
  const database = args.embedded ? await startEmbeddedDatabaseProcess() : { ...(await createTestDatabase("arena_bench")), pid: undefined };
  let app: Awaited<ReturnType<typeof startApp>> | null = null;
  let failed = false;
  try {
    console.error(`[bench] database ${args.embedded ? "embedded (PGlite)" : new URL(database.url).pathname.slice(1)}: seeding the demo set…`);
    seedDemo(database.url);
    await seedFillerPrompts(database.url, 5000);
    const maxLevel = Math.max(...levels);
    if (!args["no-build"]) console.error(`[bench] building into ${args["dist-dir"]} (next build)…`);
    buildApp(args["dist-dir"], { force: !args["no-build"] });
    app = await startApp({
      distDir: args["dist-dir"],
      port: Number(args.port),
      databaseUrl: database.url,
      workers: Number(args.processes),
      env: {
        DATABASE_POOL_MAX: poolMax,
        // The bench signs in hundreds of accounts from one address and votes far faster than a
        // person: raise the limits (the limiter still runs on every vote, so its cost is measured).
        ARENA_SIGNIN_RATE_PER_IP: "1000000",
        ARENA_VOTE_RATE_PER_USER: "1000000",
        ARENA_VOTE_RATE_PER_IP: "1000000",
        ...(args.profile ? { NODE_OPTIONS: `--require ${path.resolve("scripts/cpu-profile.cjs")}`, ARENA_CPU_PROFILE_DIR: path.resolve(args.profile) } : {}),
      },
    });
    console.error(`[bench] app at ${app.baseUrl} on Node.js ${app.nodeVersion}; signing in annotators…`);

    const ledger: VoteLedger = { sent: new Set(), acknowledged: new Map() };
    for (const level of levels) {
      // Fresh accounts per level, so every level starts with full battle queues.
      const emails = await createAnnotators(database.url, level, password);
      const cookies: string[] = [];
      for (let i = 0; i < emails.length; i += 20) {
        cookies.push(...(await Promise.all(emails.slice(i, i + 20).map((e) => signIn(app!.baseUrl, e, password)))));
      }
      // A short warm-up (JIT, connection pool), not counted.
      await runLevel(app.baseUrl, cookies.slice(0, Math.min(10, level)), 1_500, ledger);
      const before = cpuSample(app.process.pid!, database.pid);
      const result = await runLevel(app.baseUrl, cookies, seconds * 1000, ledger);
      const after = cpuSample(app.process.pid!, database.pid);
      const perVote = (k: keyof CpuSample) => Math.round(((after[k] - before[k]) / Math.max(1, result.votes)) * 100) / 100;
      const cpuMsPerVote = { app: perVote("app"), postgres: perVote("postgres"), generator: perVote("generator") };
      const loop = args["one-trip"] ? "vote+next" : "next,vote";
      console.log(JSON.stringify({ bench: "load", loop, processes: Number(args.processes), ...result, cpuMsPerVote, poolMax: Number(poolMax), database: args.embedded ? "embedded" : "postgres", loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) }));
    }

    // Nothing lost, nothing doubled.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    // Only the bench's own annotators (the demo seed may bring votes of its own).
    const { rows } = await client.query<{ battle_id: string; winner: string; n: number }>(
      `SELECT v.battle_id::text, min(v.winner::text) AS winner, count(*)::int AS n
       FROM votes v JOIN users u ON u.id = v.annotator_id WHERE u.email LIKE 'load-%@bench.local' GROUP BY v.battle_id`,
    );
    const total = rows.reduce((sum, r) => sum + r.n, 0);
    await client.end();
    const { sent, acknowledged } = ledger;
    const stored = new Map(rows.map((r) => [r.battle_id, r]));
    const missing = [...acknowledged.keys()].filter((id) => !stored.has(id));
    const wrongWinner = [...acknowledged].filter(([id, w]) => stored.get(id) && stored.get(id)!.winner !== w);
    const doubled = rows.filter((r) => r.n > 1);
    // A stored vote the generator never sent would be a forgery; sent but unacknowledged ones are the
    // requests autocannon dropped when a level's time ran out (committed or not, never twice).
    const neverSent = rows.filter((r) => !sent.has(r.battle_id));
    const storedUnacknowledged = rows.filter((r) => !acknowledged.has(r.battle_id)).length;
    const check = {
      bench: "load-integrity",
      acknowledgedVotes: acknowledged.size,
      votesInDatabase: total,
      acknowledgedMissing: missing.length,
      acknowledgedWithOtherWinner: wrongWinner.length,
      battlesWithMoreThanOneVote: doubled.length,
      storedButNeverSent: neverSent.length,
      sentWhenTimeRanOut: sent.size - acknowledged.size,
      storedUnacknowledged,
      ok: missing.length === 0 && wrongWinner.length === 0 && doubled.length === 0 && neverSent.length === 0,
    };
    console.log(JSON.stringify(check));
    failed = !check.ok;
  } finally {
    await app?.stop();
    await database.drop();
  }
  process.exit(failed ? 1 : 0);
}

await main();
