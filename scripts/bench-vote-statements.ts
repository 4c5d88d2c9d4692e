// `npm run bench:vote-statements`: where Postgres's CPU goes in the vote loop, statement by statement.
//
// Runs the vote loop's use case (a vote with its next battle, through the route's session check:
// recordSessionVote) in this process against a throwaway database seeded as bench:load seeds it, on a pool of
// one connection, and times that connection's backend around every round trip with /proc/<pid>/schedstat
// (nanoseconds of CPU, not ticks). Prints one JSON line (Postgres and this process's CPU ms per vote) and
// the statements by backend CPU per vote. CPU time, not wall time, so it stays comparable on a busy machine
// (within ~15%: compare alternating runs). Linux only; Postgres on this machine.
//
//   npm run bench:vote-statements                 1,000 votes by 20 annotators
//   npm run bench:vote-statements -- --votes 3000
//   npm run bench:vote-statements -- --compare   also the path before the session was folded into the vote's
//                                                first statement (userForSession, then recordVoteAndIssueNext),
//                                                in alternating blocks on the same database and connection
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { createTestDatabase } from "../tests/setup/test-database";
import { createAnnotators, seedDemo, seedFillerPrompts } from "../tests/faults/harness";

const { values: args } = parseArgs({
  options: { votes: { type: "string", default: "1000" }, annotators: { type: "string", default: "20" }, compare: { type: "boolean", default: false } },
});
const votes = Number(args.votes);

const database = await createTestDatabase("arena_bench_statements");
try {
  seedDemo(database.url);
  await seedFillerPrompts(database.url, 5000);
  process.env.DATABASE_URL = database.url;
  process.env.DATABASE_POOL_MAX = "1";
  process.env.ARENA_VOTE_RATE_PER_USER = "1000000";
  process.env.ARENA_VOTE_RATE_PER_IP = "1000000";
  const emails = await createAnnotators(database.url, Number(args.annotators), "bench-password");
  const { pool } = await import("../lib/db");
  const { Prisma } = await import("../lib/generated/prisma/client");
  const { sql } = await import("../lib/server/sql");
  const { issueBattle } = await import("../lib/server/battles/issue-battle");
  const { userForSession } = await import("../lib/server/auth/session");
  const { recordSessionVote, recordVoteAndIssueNext } = await import("../lib/server/votes/record-vote");
  const { voteLimits } = await import("../lib/server/security/limits");
  const { audiences } = await import("../lib/validation/auth");

  const users = await sql<{ id: string }>(Prisma.sql`SELECT id::text FROM users WHERE email = ANY(${emails}::text[])`);
  const slots: { session: Parameters<typeof recordSessionVote>[0]; battleId: string | undefined }[] = [];
  for (const { id } of users) {
    const claim = { userId: id, sessionId: randomUUID(), signedInAtMs: Date.now() };
    slots.push({ session: { claim, allowed: audiences["signed-in"] }, battleId: (await issueBattle((await userForSession(claim))!))?.id });
  }
  const [{ pid }] = (await sql<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid`)) as [{ pid: number }];
  const backendMs = () => Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;

  // Every round trip goes through pg.Client#query (the hot path's sql() and Prisma alike).
  const byStatement = new Map<string, { calls: number; ms: number }>();
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...callArgs: unknown[]) {
    const config = callArgs[0] as string | { text?: string; callback?: (...a: unknown[]) => void };
    const text = typeof config === "string" ? config : (config.text ?? "");
    const label = text.replace(/\s+/g, " ").replace(/'[^']*'/g, "?").trim().slice(0, 90);
    const started = backendMs();
    const done = () => {
      const entry = byStatement.get(label) ?? { calls: 0, ms: 0 };
      entry.calls++;
      entry.ms += backendMs() - started;
      byStatement.set(label, entry);
    };
    const last = callArgs.at(-1);
    if (typeof last === "function") {
      callArgs[callArgs.length - 1] = (...a: unknown[]) => {
        done();
        (last as (...a: unknown[]) => void)(...a);
      };
      return (original as (...a: unknown[]) => unknown).apply(this, callArgs);
    }
    if (typeof config === "object" && typeof config.callback === "function") {
      const inner = config.callback;
      config.callback = (...a: unknown[]) => {
        done();
        inner(...a);
      };
      return (original as (...a: unknown[]) => unknown).apply(this, callArgs);
    }
    return ((original as (...a: unknown[]) => Promise<unknown>).apply(this, callArgs) as Promise<unknown>).finally(done);
  } as typeof original;

  type Path = "folded" | "separate";
  const run = async (n: number, path: Path) => {
    for (let i = 0; i < n; i++) {
      const slot = slots[i % slots.length]!;
      if (!slot.battleId) throw new Error("an annotator ran out of battles: use fewer votes or more annotators");
      const vote = { battleId: slot.battleId, winner: "model_a" as const };
      const limits = voteLimits(slot.session.claim.userId, "203.0.113.1");
      if (path === "folded") {
        const answer = await recordSessionVote(slot.session, vote, { next: true, limits });
        slot.battleId = "next" in answer ? (answer.next.battle?.id ?? undefined) : undefined;
      } else {
        const user = (await userForSession(slot.session.claim))!;
        slot.battleId = (await recordVoteAndIssueNext(user, vote, { limits })).next.battle?.id ?? undefined;
      }
    }
  };
  const paths: Path[] = args.compare ? ["folded", "separate"] : ["folded"];
  for (const path of paths) await run(100, path); // warm-up: JIT, prepared statements, generic plans, the scheduler's caches
  byStatement.clear();
  const totals = new Map<Path, { backend: number; own: number; votes: number }>(paths.map((p) => [p, { backend: 0, own: 0, votes: 0 }]));
  const blocks = args.compare ? 6 : 1;
  const perBlock = Math.ceil(votes / blocks);
  for (let block = 0; block < blocks; block++) {
    for (const path of paths) {
      const backendBefore = backendMs();
      const ownBefore = process.cpuUsage();
      await run(perBlock, path);
      const own = process.cpuUsage(ownBefore);
      const total = totals.get(path)!;
      total.backend += backendMs() - backendBefore;
      total.own += (own.user + own.system) / 1000;
      total.votes += perBlock;
    }
  }
  const round = (n: number) => Math.round(n * 1000) / 1000;
  for (const [path, total] of totals) {
    console.log(
      JSON.stringify({
        bench: "vote-statements",
        path,
        votes: total.votes,
        postgresCpuMsPerVote: round(total.backend / total.votes),
        processCpuMsPerVote: round(total.own / total.votes),
        loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
      }),
    );
  }
  if (!args.compare) {
    for (const [label, { calls, ms }] of [...byStatement].sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(`${(ms / votes).toFixed(3).padStart(7)} ms/vote  ${String(calls).padStart(6)} calls  ${label}`);
    }
  }
  pg.Client.prototype.query = original;
  await pool().end();
} finally {
  await database.drop();
}
