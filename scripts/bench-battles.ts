// npm run bench:battles: the battle browser on 1,000,000 synthetic votes over 50 models (a throwaway
// database, as bench:leaderboard): the time of a page for common filters, first and deep pages, and the
// plan Postgres picks for each (EXPLAIN ANALYZE, printed with BENCH_EXPLAIN=1).
import { createTestDatabase } from "../tests/setup/test-database";
import { insertSyntheticCatalogue, insertSyntheticVotes } from "./synthetic-votes";

const voteCount = Number(process.env.BENCH_VOTES ?? 1_000_000);
const modelCount = Number(process.env.BENCH_MODELS ?? 50);
const database = await createTestDatabase("arena_bench");
process.env.DATABASE_URL = database.url;

try {
  const { db, closeDb } = await import("../lib/db");
  const { browseBattles, browseSql } = await import("../lib/server/research/browse-battles");
  const { battleBrowserSchema } = await import("../lib/validation/battle-browser");
  const { Prisma } = await import("../lib/generated/prisma/client");

  const loadStart = performance.now();
  await insertSyntheticCatalogue((s: string) => db.$executeRawUnsafe(s), { modelCount, annotatorCount: 100, responses: true });
  await insertSyntheticVotes((s: string) => db.$executeRawUnsafe(s), voteCount);
  const loadMs = Math.round(performance.now() - loadStart);

  const annotator = (await db.$queryRaw<{ id: string }[]>`SELECT id::text FROM users ORDER BY email LIMIT 1`)[0]!.id;
  const cases: Record<string, Record<string, string>> = {
    all: {},
    arabic: { language: "ar" },
    model: { model: "model-007" },
    pair: { model: "model-007", vs: "model-042" },
    pairLost: { model: "model-042", vs: "model-007", outcome: "loss" },
    modelTies: { model: "model-007", outcome: "tie" },
    annotator: { annotator },
    categoryTag: { category: "cat3", tag: "culturally-sensitive" },
    bothbadArabic: { outcome: "bothbad", language: "ar" },
  };
  const ids = new Map((await db.aiModel.findMany({ select: { id: true, key: true } })).map((m) => [m.key, m.id]));
  const results: Record<string, { firstMs: number; deepMs: number; pages: number }> = {};
  for (const [name, params] of Object.entries(cases)) {
    const q = battleBrowserSchema.parse(params);
    const t0 = performance.now();
    let page = await browseBattles(q);
    const firstMs = performance.now() - t0;
    // Page 50 deep (walking the cursors), timing only the last request.
    let pages = 1;
    let deepMs = firstMs;
    while (page.older && pages < 50) {
      const t = performance.now();
      page = await browseBattles(battleBrowserSchema.parse({ ...params, after: page.older }));
      deepMs = performance.now() - t;
      pages++;
    }
    results[name] = { firstMs: Math.round(firstMs * 10) / 10, deepMs: Math.round(deepMs * 10) / 10, pages };
    if (process.env.BENCH_EXPLAIN === "1") {
      const sql = browseSql(q, q.model ? ids.get(q.model)! : null, q.vs ? ids.get(q.vs)! : null);
      const plan = await db.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
      console.log(`--- ${name}\n${plan.map((r) => r["QUERY PLAN"]).join("\n")}`);
    }
  }
  console.log(JSON.stringify({ votes: voteCount, models: modelCount, loadMs, results }));
  await closeDb();
} finally {
  await database.drop();
}
