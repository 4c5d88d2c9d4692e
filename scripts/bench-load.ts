// `npm run bench:load`: the production app under N concurrent signed-in annotators.
//
// Builds the app into .next-bench (`next build`), serves it with `next start` against a throwaway
// migrated Postgres database seeded with the demo set, creates annotator accounts, and drives it
// from this process over loopback: each virtual annotator loops "POST /api/battles/next, then
// POST /api/votes" for a fixed time. One JSON line per level: votes/s, p50/p99 latency of issuing
// and of voting, error count. Afterwards every acknowledged vote must be in the database exactly
// once and no battle may have two votes (checked and printed; the script exits 1 otherwise).
//
//   npm run bench:load                       levels 10, 50, 200; 20 s each
//   npm run bench:load -- --levels 50 --seconds 30 --no-build
import { parseArgs } from "node:util";
import pg from "pg";
import { createTestDatabase } from "../tests/setup/test-database";
import { buildApp, createAnnotators, percentile, postJson, seedDemo, signIn, startApp, winnersForLoad } from "../tests/faults/harness";

const { values: args } = parseArgs({
  options: {
    levels: { type: "string", default: "10,50,200" },
    seconds: { type: "string", default: "20" },
    // Hard cap on requests per level, whatever the speed.
    "max-requests": { type: "string", default: "60000" },
    port: { type: "string", default: process.env.BENCH_PORT ?? "3203" },
    "dist-dir": { type: "string", default: ".next-bench" },
    "no-build": { type: "boolean", default: false },
    "pool-max": { type: "string", default: process.env.DATABASE_POOL_MAX ?? "10" },
  },
});
const levels = args.levels.split(",").map(Number);
const seconds = Number(args.seconds);
const maxRequests = Number(args["max-requests"]);
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

async function runLevel(baseUrl: string, cookies: string[], durationMs: number, acknowledged: Map<string, string>): Promise<LevelResult> {
  const issueLatencies: number[] = [];
  const voteLatencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let votes = 0;
  let requests = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const fail = (what: string) => {
    errors++;
    if (errorSamples.length < 5) errorSamples.push(what);
  };

  async function annotator(cookie: string, index: number) {
    let round = 0;
    while (performance.now() < deadline && requests < maxRequests) {
      requests += 2;
      let t = performance.now();
      let issued;
      try {
        issued = await postJson(baseUrl, "/api/battles/next", cookie, {});
      } catch (error) {
        fail(`issue: ${(error as Error).message}`);
        continue;
      }
      issueLatencies.push(performance.now() - t);
      const battleId = issued.json?.battle?.id as string | undefined;
      if (issued.status !== 200 || !battleId) {
        fail(`issue: HTTP ${issued.status} ${JSON.stringify(issued.json).slice(0, 120)}`);
        if (issued.status === 200) return; // nothing left for this annotator
        continue;
      }
      const winner = winnersForLoad[(index + round++) % winnersForLoad.length]!;
      t = performance.now();
      try {
        const voted = await postJson(baseUrl, "/api/votes", cookie, { battleId, winner });
        voteLatencies.push(performance.now() - t);
        if (voted.status === 200 && voted.json?.vote?.battleId === battleId) {
          votes++;
          acknowledged.set(battleId, winner);
        } else {
          fail(`vote: HTTP ${voted.status} ${JSON.stringify(voted.json).slice(0, 120)}`);
        }
      } catch (error) {
        fail(`vote: ${(error as Error).message}`);
      }
    }
  }

  await Promise.all(cookies.map((cookie, i) => annotator(cookie, i)));
  const elapsed = (performance.now() - started) / 1000;
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

async function main() {
  const database = await createTestDatabase("arena_bench");
  let app: Awaited<ReturnType<typeof startApp>> | null = null;
  let failed = false;
  try {
    console.error(`[bench] database ${new URL(database.url).pathname.slice(1)}: seeding the demo set…`);
    seedDemo(database.url);
    const maxLevel = Math.max(...levels);
    if (!args["no-build"]) console.error(`[bench] building into ${args["dist-dir"]} (next build)…`);
    buildApp(args["dist-dir"], { force: !args["no-build"] });
    app = await startApp({
      distDir: args["dist-dir"],
      port: Number(args.port),
      databaseUrl: database.url,
      env: {
        DATABASE_POOL_MAX: args["pool-max"],
        // The bench signs in hundreds of accounts from one address and votes far faster than a
        // person: raise the limits (the limiter still runs on every vote, so its cost is measured).
        ARENA_SIGNIN_RATE_PER_IP: "1000000",
        ARENA_VOTE_RATE_PER_USER: "1000000",
        ARENA_VOTE_RATE_PER_IP: "1000000",
      },
    });
    console.error(`[bench] app at ${app.baseUrl}; signing in annotators…`);

    const acknowledged = new Map<string, string>();
    for (const level of levels) {
      // Fresh accounts per level, so every level starts with full battle queues.
      const emails = await createAnnotators(database.url, level, password);
      const cookies: string[] = [];
      for (let i = 0; i < emails.length; i += 20) {
        cookies.push(...(await Promise.all(emails.slice(i, i + 20).map((e) => signIn(app!.baseUrl, e, password)))));
      }
      // A short warm-up (JIT, connection pool), not counted.
      await runLevel(app.baseUrl, cookies.slice(0, Math.min(10, level)), 1_500, acknowledged);
      const result = await runLevel(app.baseUrl, cookies, seconds * 1000, acknowledged);
      console.log(JSON.stringify({ bench: "load", ...result, poolMax: Number(args["pool-max"]) }));
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
    const stored = new Map(rows.map((r) => [r.battle_id, r]));
    const missing = [...acknowledged.keys()].filter((id) => !stored.has(id));
    const wrongWinner = [...acknowledged].filter(([id, w]) => stored.get(id) && stored.get(id)!.winner !== w);
    const doubled = rows.filter((r) => r.n > 1);
    const check = {
      bench: "load-integrity",
      acknowledgedVotes: acknowledged.size,
      votesInDatabase: total,
      acknowledgedMissing: missing.length,
      acknowledgedWithOtherWinner: wrongWinner.length,
      battlesWithMoreThanOneVote: doubled.length,
      ok: missing.length === 0 && wrongWinner.length === 0 && doubled.length === 0 && total === acknowledged.size,
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
