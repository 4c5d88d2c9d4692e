import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { VoteCountRow } from "@/lib/ratings";
import type { LeaderboardFilters } from "@/lib/validation/leaderboard-filters";

export type ModelInfo = { id: string; key: string; displayName: string; hidden: boolean; retired: boolean };

const outcomeOf = { model_a: "a", model_b: "b", tie: "tie", tie_bothbad: "bothbad" } as const;

// WHERE clause for the filters; votes are joined to prompts only when a prompt-level filter is set.
export function voteFilterSql(filters: LeaderboardFilters): { joins: Prisma.Sql; where: Prisma.Sql } {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  const needsPrompt = filters.category || filters.tag || filters.promptSet;
  if (filters.language !== "all") conditions.push(Prisma.sql`v.language = ${filters.language}::"Language"`);
  if (filters.category) conditions.push(Prisma.sql`p.category = ${filters.category}`);
  if (filters.tag) conditions.push(Prisma.sql`${filters.tag} = ANY(p.tags)`);
  if (filters.flag) conditions.push(Prisma.sql`(${filters.flag} = ANY(v.flags_a) OR ${filters.flag} = ANY(v.flags_b))`);
  if (filters.promptSet) conditions.push(Prisma.sql`p.prompt_set_id = ${filters.promptSet}::uuid`);
  if (filters.campaign) conditions.push(Prisma.sql`v.campaign_id = ${filters.campaign}::uuid`);
  if (filters.from) conditions.push(Prisma.sql`v.created_at >= ${filters.from}::date`);
  if (filters.to) conditions.push(Prisma.sql`v.created_at < (${filters.to}::date + 1)`);
  if (filters.excluded === "exclude") {
    conditions.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM users u WHERE u.id = v.annotator_id AND u.excluded_from_rankings)`);
  }
  // Live battles whose answer named its model are dropped, as Chatbot Arena drops them, unless asked for.
  if (filters.leaked !== "include") conditions.push(Prisma.sql`NOT v.identity_leak`);
  return {
    joins: needsPrompt ? Prisma.sql`JOIN prompts p ON p.id = v.prompt_id` : Prisma.empty,
    where: Prisma.join(conditions, " AND "),
  };
}

// Counts per ordered model pair and outcome: the only thing the ratings need (one GROUP BY, no vote rows).
export async function aggregateVoteCounts(filters: LeaderboardFilters, extra: Prisma.Sql = Prisma.empty): Promise<{ models: ModelInfo[]; rows: VoteCountRow[]; votes: number }> {
  const { joins, where } = voteFilterSql(filters);
  const [grouped, models] = await Promise.all([
    db.$queryRaw<{ a: string; b: string; winner: keyof typeof outcomeOf; n: bigint }[]>`
      SELECT v.model_a_id AS a, v.model_b_id AS b, v.winner, COUNT(*) AS n
      FROM votes v ${joins}
      WHERE ${where} ${extra}
      GROUP BY 1, 2, 3`,
    db.aiModel.findMany({ select: { id: true, key: true, displayName: true, hidden: true, retired: true }, orderBy: { key: "asc" } }),
  ]);
  const rows: VoteCountRow[] = grouped.map((g) => ({ modelA: g.a, modelB: g.b, outcome: outcomeOf[g.winner], count: g.n }));
  const votes = grouped.reduce((sum, g) => sum + Number(g.n), 0);
  const present = new Set(rows.flatMap((r) => [r.modelA, r.modelB]));
  return { models: models.filter((m) => present.has(m.id)), rows, votes };
}

// The filtered votes in the order they were cast, as compact index arrays (for Elo only). Each vote
// travels as 7 fixed-width characters (3-digit model indices and the outcome) in one ordered
// aggregate, so a million votes need one sort in Postgres and no per-row objects in JavaScript.
export async function orderedVoteSequence(filters: LeaderboardFilters, modelIds: string[]) {
  if (modelIds.length > 999) throw new RangeError("Elo over more than 999 models is not supported");
  const { joins, where } = voteFilterSql(filters);
  const [row] = await db.$queryRaw<{ packed: string | null }[]>`
    WITH m AS (SELECT id, ord::int - 1 AS idx FROM unnest(${modelIds}::uuid[]) WITH ORDINALITY AS t(id, ord))
    SELECT string_agg(
      lpad(ma.idx::text, 3, '0') || lpad(mb.idx::text, 3, '0') ||
        CASE v.winner WHEN 'model_a' THEN '0' WHEN 'model_b' THEN '1' WHEN 'tie' THEN '2' ELSE '3' END,
      '' ORDER BY v.created_at, v.id) AS packed
    FROM votes v ${joins}
    JOIN m ma ON ma.id = v.model_a_id
    JOIN m mb ON mb.id = v.model_b_id
    WHERE ${where}`;
  const packed = row?.packed ?? "";
  const n = packed.length / 7;
  const modelA = new Int32Array(n);
  const modelB = new Int32Array(n);
  const outcome = new Uint8Array(n);
  const digit = (i: number) => packed.charCodeAt(i) - 48;
  for (let k = 0, i = 0; k < n; k++, i += 7) {
    modelA[k] = digit(i) * 100 + digit(i + 1) * 10 + digit(i + 2);
    modelB[k] = digit(i + 3) * 100 + digit(i + 4) * 10 + digit(i + 5);
    outcome[k] = digit(i + 6);
  }
  return { modelA, modelB, outcome };
}

// Cheap change marker for caching: the newest vote (index-assisted), how many votes lie within 10 s before
// it, and who is excluded from rankings. A vote's created_at is its transaction's start, so a vote can
// commit after a later-stamped one (concurrent requests, several app processes): the newest time alone
// would not change then, and a leaderboard computed in between would be served without that vote until
// the next one; the count of the last seconds' votes does change.
export async function voteStateMarker(): Promise<string> {
  const [row] = await db.$queryRaw<{ latest: Date | null; recent: bigint; excluded: string | null }[]>`
    WITH newest AS (SELECT max(created_at) AS latest FROM votes)
    SELECT newest.latest,
           (SELECT count(*) FROM votes WHERE created_at >= newest.latest - interval '10 seconds') AS recent,
           (SELECT md5(string_agg(id::text, ',' ORDER BY id)) FROM users WHERE excluded_from_rankings) AS excluded
    FROM newest`;
  return `${row?.latest?.toISOString() ?? "none"}|${row?.recent ?? 0}|${row?.excluded ?? ""}`;
}

export type Dimension = "language" | "category" | "tag" | "annotator";

// Counts per pair and outcome, split by one dimension, in one GROUP BY (for robustness variants).
// For annotators only the `limit` most active are split out (leave-one-out is done against them).
export async function aggregateVoteCountsBy(filters: LeaderboardFilters, dimension: Dimension, limit = 10): Promise<Map<string, VoteCountRow[]>> {
  const { joins, where } = voteFilterSql(filters);
  const promptJoin = (dimension === "tag" || dimension === "category") && joins === Prisma.empty ? Prisma.sql`JOIN prompts p ON p.id = v.prompt_id` : joins;
  const key =
    dimension === "language" ? Prisma.sql`v.language::text` : dimension === "category" ? Prisma.sql`p.category` : dimension === "tag" ? Prisma.sql`unnest(p.tags)` : Prisma.sql`v.annotator_id::text`;
  const restrict =
    dimension === "annotator"
      ? Prisma.sql`AND v.annotator_id IN (
          SELECT v.annotator_id FROM votes v ${joins} WHERE ${where} GROUP BY v.annotator_id ORDER BY COUNT(*) DESC LIMIT ${limit})`
      : Prisma.empty;
  const grouped = await db.$queryRaw<{ dim: string; a: string; b: string; winner: keyof typeof outcomeOf; n: bigint }[]>`
    SELECT ${key} AS dim, v.model_a_id AS a, v.model_b_id AS b, v.winner, COUNT(*) AS n
    FROM votes v ${promptJoin}
    WHERE ${where} ${restrict}
    GROUP BY 1, 2, 3, 4`;
  const byDim = new Map<string, VoteCountRow[]>();
  for (const g of grouped) {
    const rows = byDim.get(g.dim) ?? [];
    rows.push({ modelA: g.a, modelB: g.b, outcome: outcomeOf[g.winner], count: g.n });
    byDim.set(g.dim, rows);
  }
  return byDim;
}
