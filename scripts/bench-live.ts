// `npm run bench:live`: live battles through the production app (`next start`) against the local
// OpenAI-compatible server (tests/helpers/fake-openai.ts, streaming), over loopback.
//
//  1. Time to first token. The upstream's own (a streamed request straight to the local server, p50) and the
//     browser's through the arena (POST /api/live/battles → the first answer delta); the arena's added
//     time is their difference, and per battle the browser's wait minus the upstream wait the arena itself
//     measured for that battle (live_turns.ttft_ms, the faster side). Target: p50 < 20 ms.
//  2. 50 concurrent live battles (one per annotator): every stream must end complete with both answers
//     whole (no dropped stream), and every vote sent after it must be in the database (no lost vote).
//
//   npm run bench:live                                   40 sequential battles, then 50 at once
//   npm run bench:live -- --dist-dir .next --no-build    reuse a current build
// BENCH_PORT sets the app's port. Exits 1 when a stream was dropped or a vote lost.
import { parseArgs } from "node:util";
import pg from "pg";
import type { LiveEvent } from "../lib/validation/live";
import { readLiveEvents } from "../lib/validation/live-stream";
import { FakeOpenAI } from "../tests/helpers/fake-openai";
import { buildApp, createAnnotators, percentile, signIn, startApp } from "../tests/faults/harness";
import { createTestDatabase } from "../tests/setup/test-database";

const { values: args } = parseArgs({
  options: {
    sequential: { type: "string", default: "40" },
    concurrent: { type: "string", default: "50" },
    "upstream-latency": { type: "string", default: "50" },
    "token-delay": { type: "string", default: "5" },
    port: { type: "string", default: process.env.BENCH_PORT ?? "3213" },
    "dist-dir": { type: "string", default: ".next-bench" },
    "no-build": { type: "boolean", default: false },
  },
});
const sequential = Number(args.sequential);
const concurrent = Number(args.concurrent);
const password = "bench-password";

const database = await createTestDatabase("arena_bench_live");
const fake = await new FakeOpenAI().start();
fake.latencyMs = Number(args["upstream-latency"]);
fake.tokenDelayMs = Number(args["token-delay"]);
// About 60 words per answer.
fake.reply = (model, prompt) => `${model}: ${prompt} ${"lorem ipsum dolor sit amet ".repeat(11).trim()}`;

const client = new pg.Client({ connectionString: database.url });
await client.connect();
let app: Awaited<ReturnType<typeof startApp>> | null = null;

// One live battle as the browser runs it; returns the wait for the first delta and the events.
async function liveBattle(baseUrl: string, cookie: string, prompt: string) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/live/battles`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ prompt, language: "en" }),
  });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  const events: LiveEvent[] = [];
  let firstDeltaMs: number | null = null;
  await readLiveEvents(response.body, (event) => {
    if (event.type === "delta" && firstDeltaMs === null) firstDeltaMs = performance.now() - started;
    events.push(event);
  });
  return { firstDeltaMs, totalMs: performance.now() - started, events, battleId: events[0]?.type === "battle" ? events[0].battleId : "" };
}

// The upstream's own time to first token: a streamed request straight to the local server.
async function upstreamTtft(prompt: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${fake.baseUrl}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "direct", stream: true, messages: [{ role: "user", content: prompt }] }),
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let first: number | null = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (first === null && /"content":"[^"]/.test(text)) first = performance.now() - started;
  }
  return first ?? Number.NaN;
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: +percentile(sorted, 50).toFixed(1), p90: +percentile(sorted, 90).toFixed(1), p99: +percentile(sorted, 99).toFixed(1) };
};

try {
  // Two models with endpoints on the local server, a live campaign, annotators.
  const models = await client.query<{ id: string }>(
    `INSERT INTO models (id, key, display_name) SELECT gen_random_uuid(), 'bench-live-' || k, 'Bench live ' || k FROM generate_series(1, 2) k RETURNING id::text`,
  );
  for (const [k, m] of models.rows.entries()) {
    await client.query(
      `INSERT INTO model_endpoints (id, model_id, base_url, remote_model, concurrency, timeout_ms, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, 200, 30000, now())`,
      [m.id, fake.baseUrl, `served-${k}`],
    );
  }
  const campaign = await client.query<{ id: string }>(`INSERT INTO campaigns (id, name, active, live, live_turn_limit) VALUES (gen_random_uuid(), 'Bench live', true, true, 3) RETURNING id::text`);
  for (const m of models.rows) await client.query(`INSERT INTO campaign_models (campaign_id, model_id) VALUES ($1, $2)`, [campaign.rows[0]!.id, m.id]);
  const emails = await createAnnotators(database.url, Math.max(concurrent, 1), password);

  if (!args["no-build"]) buildApp(args["dist-dir"]);
  app = await startApp({
    distDir: args["dist-dir"],
    port: Number(args.port),
    databaseUrl: database.url,
    // The per-user cost limit is not what is measured; the batch worker stays out of the way.
    env: { ARENA_LIVE_PROMPTS_PER_USER: "0", ARENA_GENERATION_WORKER: "0", ARENA_VOTE_RATE_PER_USER: "0", ARENA_VOTE_RATE_PER_IP: "0" },
  });
  const cookies = await Promise.all(emails.map((e) => signIn(app!.baseUrl, e, password)));

  // Warm-up (route modules, prepared statements, the scheduler's weights), not measured.
  for (let i = 0; i < 5; i++) {
    await liveBattle(app.baseUrl, cookies[0]!, `warm-up ${i}`);
    await upstreamTtft(`warm-up ${i}`);
  }

  // 1. Time to first token, one battle at a time (alternating with direct upstream requests).
  const upstream: number[] = [];
  const arena: number[] = [];
  const added: number[] = [];
  for (let i = 0; i < sequential; i++) {
    upstream.push(await upstreamTtft(`direct ${i}`));
    const battle = await liveBattle(app.baseUrl, cookies[i % cookies.length]!, `sequential ${i}`);
    arena.push(battle.firstDeltaMs ?? Number.NaN);
    const [row] = (await client.query<{ ttft: number }>(`SELECT min(ttft_ms)::int AS ttft FROM live_turns WHERE battle_id = $1`, [battle.battleId])).rows;
    added.push((battle.firstDeltaMs ?? Number.NaN) - (row?.ttft ?? Number.NaN));
  }
  const upstreamStats = stats(upstream);
  const arenaStats = stats(arena);
  console.log(
    JSON.stringify({
      measure: "time to first token (ms)",
      battles: sequential,
      upstream: upstreamStats,
      throughArena: arenaStats,
      addedP50: +(arenaStats.p50 - upstreamStats.p50).toFixed(1),
      addedPerBattle: stats(added),
      targetP50: 20,
    }),
  );

  // 2. Concurrent battles: each annotator one battle, streamed to the end, then a vote.
  const expected = (model: string, prompt: string) => fake.reply(model, prompt, []);
  const started = performance.now();
  const results = await Promise.allSettled(
    cookies.slice(0, concurrent).map(async (cookie, i) => {
      const prompt = `concurrent ${i}`;
      const battle = await liveBattle(app!.baseUrl, cookie, prompt);
      const end = battle.events.find((e) => e.type === "end");
      const text = (side: "a" | "b") => battle.events.flatMap((e) => (e.type === "delta" && e.side === side ? [e.text] : [])).join("");
      const whole = ["served-0", "served-1"].map((m) => expected(m, prompt)).sort();
      const complete = end?.status === "complete" && JSON.stringify([text("a"), text("b")].sort()) === JSON.stringify(whole);
      const vote = await fetch(`${app!.baseUrl}/api/votes`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify({ battleId: battle.battleId, winner: i % 2 ? "model_a" : "model_b" }),
      });
      return { battleId: battle.battleId, complete, voted: vote.ok, totalMs: battle.totalMs, firstDeltaMs: battle.firstDeltaMs ?? Number.NaN };
    }),
  );
  const elapsed = performance.now() - started;
  const ok = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failures = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason).slice(0, 200)] : []));
  const dropped = ok.filter((r) => !r.complete).length + failures.length;
  const acknowledged = ok.filter((r) => r.voted).map((r) => r.battleId);
  const stored = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM votes WHERE battle_id = ANY($1::uuid[])`, [acknowledged])).rows[0]!.n;
  const lost = acknowledged.length - stored;
  console.log(
    JSON.stringify({
      measure: "concurrent live battles",
      battles: concurrent,
      seconds: +(elapsed / 1000).toFixed(2),
      completeStreams: ok.filter((r) => r.complete).length,
      droppedStreams: dropped,
      votesAcknowledged: acknowledged.length,
      votesStored: stored,
      lostVotes: lost,
      firstDeltaMs: stats(ok.map((r) => r.firstDeltaMs)),
      battleMs: stats(ok.map((r) => r.totalMs)),
      upstreamMaxInFlight: fake.maxInFlight,
      errors: failures.slice(0, 3),
    }),
  );
  if (dropped > 0 || lost > 0 || acknowledged.length !== concurrent) process.exitCode = 1;
} finally {
  await app?.stop();
  await client.end();
  await fake.stop();
  await database.drop();
}
