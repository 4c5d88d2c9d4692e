import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { addVotes, emptyCounts, fitBradleyTerry, OUTCOME_A, OUTCOME_B, OUTCOME_BOTH_BAD, OUTCOME_TIE } from "@/lib/ratings";
import { issueBattle } from "@/lib/server/battles/issue-battle";
import { recordVote } from "@/lib/server/votes/record-vote";
import { winners } from "@/lib/validation/vote";
import { adminUrl } from "../setup/test-database";
import { importMiniSet, makeUser, resetData } from "../helpers/fixtures";

const root = path.resolve(import.meta.dirname, "..", "..");
const outcomeCode = { model_a: OUTCOME_A, model_b: OUTCOME_B, tie: OUTCOME_TIE, tie_bothbad: OUTCOME_BOTH_BAD } as const;

type VoteRow = { model_a: string; model_b: string; winner: keyof typeof outcomeCode; n: number };

// The leaderboard's inputs: vote counts per (model A, model B, outcome), keyed by model *key*
// (ids survive a restore too, but keys are what a person compares).
async function voteCounts(client: { query: (sql: string) => Promise<{ rows: VoteRow[] }> }): Promise<VoteRow[]> {
  const { rows } = await client.query(`
    SELECT ma.key AS model_a, mb.key AS model_b, v.winner::text AS winner, count(*)::int AS n
    FROM votes v JOIN models ma ON ma.id = v.model_a_id JOIN models mb ON mb.id = v.model_b_id
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
  return rows;
}

function ratings(rows: VoteRow[]): Record<string, number> {
  const names = [...new Set(rows.flatMap((r) => [r.model_a, r.model_b]))].sort();
  const counts = emptyCounts(names.length);
  for (const r of rows) addVotes(counts, names.indexOf(r.model_a), names.indexOf(r.model_b), outcomeCode[r.winner], r.n);
  const fit = fitBradleyTerry(counts);
  return Object.fromEntries(names.map((name, i) => [name, fit.ratings[i]!]));
}

// The leaderboard exactly as the app serves it (GET /api/v1/leaderboard?format=json: Bradley-Terry with
// bootstrap CIs and rank intervals, Elo, counts, warnings), computed by the app's own code in a fresh
// process against the given database. Both computations are seeded, so equal data gives equal output.
function appLeaderboard(work: string, databaseUrl: string): unknown {
  const script = path.join(work, "leaderboard.mts");
  writeFileSync(
    script,
    `import { getEloRatings, getLeaderboard } from "@/lib/server/research/get-leaderboard";
import { toLeaderboardPayload } from "@/lib/server/research/leaderboard-payload";
import { leaderboardFiltersSchema } from "@/lib/validation/leaderboard-filters";
const filters = leaderboardFiltersSchema.parse({});
const { computedAt: _at, ...payload } = toLeaderboardPayload(await getLeaderboard(filters), await getEloRatings(filters));
process.stdout.write(JSON.stringify(payload));
process.exit(0);
`,
  );
  const out = execFileSync("npx", ["tsx", "--tsconfig", path.join(root, "tsconfig.json"), "--import", "./scripts/allow-server-only.mjs", script], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "pipe"] });
  return JSON.parse(out.toString());
}

describe("backup and restore (scripts/backup.sh, scripts/restore.sh)", () => {
  const work = mkdtempSync(path.join(os.tmpdir(), "arena-backup-"));
  const restoredName = `arena_restore_${randomBytes(4).toString("hex")}`;
  const restoredUrl = (() => {
    const u = new URL(adminUrl);
    u.pathname = `/${restoredName}`;
    return u.toString();
  })();
  const admin = new pg.Client({ connectionString: adminUrl });

  beforeAll(async () => {
    await resetData();
    await importMiniSet();
    // Nine annotators vote through the real use cases with varied outcomes (each sees each of the 4 prompts once).
    for (let a = 0; a < 9; a++) {
      const annotator = await makeUser();
      for (let i = 0; i < 4; i++) {
        const battle = await issueBattle(annotator);
        if (!battle) break;
        await recordVote(annotator.id, { battleId: battle.id, winner: winners[(i * (a + 1)) % winners.length]! });
      }
    }
    await admin.connect();
    await admin.query(`CREATE DATABASE ${restoredName}`);
  });

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  });

  it("restores into a fresh database with the same votes, per-pair counts, Bradley-Terry ratings and app leaderboard", async () => {
    const file = path.join(work, "arena.dump");
    const sourceUrl = process.env.DATABASE_URL!;
    execFileSync("bash", [path.join(root, "scripts/backup.sh"), sourceUrl, file], { stdio: "pipe" });
    expect(statSync(file).size).toBeGreaterThan(0);

    const out = execFileSync("bash", [path.join(root, "scripts/restore.sh"), file, restoredUrl], { stdio: "pipe" }).toString();
    expect(out).toMatch(/Restored .* \(36 votes\)/);

    const restored = new pg.Client({ connectionString: restoredUrl });
    await restored.connect();
    try {
      const source = new pg.Client({ connectionString: sourceUrl });
      await source.connect();
      const [before, after] = await Promise.all([voteCounts(source), voteCounts(restored)]);
      // Every table, row for row (counts), including the migration history.
      const tables = (await source.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).rows.map((r) => r.t);
      for (const t of tables) {
        const q = `SELECT count(*)::int AS n FROM "${t}"`;
        expect((await restored.query(q)).rows[0].n, t).toBe((await source.query(q)).rows[0].n);
      }
      await source.end();

      expect(after).toEqual(before);
      expect(after.reduce((s, r) => s + r.n, 0)).toBe(36);
      const [r1, r2] = [ratings(before), ratings(after)];
      expect(Object.keys(r2)).toEqual(Object.keys(r1));
      for (const name of Object.keys(r1)) expect(r2[name]).toBeCloseTo(r1[name]!, 9);
      // Constraints came back too: the one-vote-per-battle guarantee still holds.
      const dup = await restored.query(`INSERT INTO votes SELECT * FROM votes LIMIT 1`).catch((e: Error) => e);
      expect(String(dup)).toMatch(/duplicate key/);
    } finally {
      await restored.end();
    }
    expect(await db.vote.count()).toBe(36);

    // And the app itself serves the same leaderboard from the restored database.
    const fromSource = appLeaderboard(work, sourceUrl) as { entries: { model: string; votes: number; rating: number | null; elo: number | null }[]; votes: number };
    expect(fromSource.votes).toBe(36);
    expect(fromSource.entries.length).toBeGreaterThanOrEqual(3);
    expect(fromSource.entries.every((e) => e.rating !== null && e.elo !== null)).toBe(true);
    expect(appLeaderboard(work, restoredUrl)).toEqual(fromSource);
  });

  it("refuses to restore over a database that already has tables", () => {
    const file = path.join(work, "again.dump");
    execFileSync("bash", [path.join(root, "scripts/backup.sh"), process.env.DATABASE_URL!, file], { stdio: "pipe" });
    let stderr = "";
    try {
      execFileSync("bash", [path.join(root, "scripts/restore.sh"), file, process.env.DATABASE_URL!], { stdio: "pipe" });
    } catch (error) {
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    expect(stderr).toMatch(/Refusing to restore/);
  });
});
