import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { type ClusterUnit, type ClusteredVotes, emptyCounts, addVotes, type PairCounts } from "@/lib/ratings";
import type { LeaderboardFilters } from "@/lib/validation/leaderboard-filters";
import { voteFilterSql } from "./aggregate-vote-counts";

// Counts per (annotator and/or prompt, model pair, outcome): the per-cluster tables the cluster bootstrap
// resamples. One GROUP BY; clusters come back as dense indices and every column as one integer array, so
// even a million cells cost no per-row objects. The pair counts are summed from the same cells, so the
// point estimate and its interval always rest on the same votes.
export async function aggregateClusteredVotes(
  filters: LeaderboardFilters,
  modelIds: string[],
  unit: Exclude<ClusterUnit, "vote">,
): Promise<{ clusteredVotes: ClusteredVotes; counts: PairCounts }> {
  const { joins, where } = voteFilterSql(filters);
  const primary = unit === "prompt" ? Prisma.sql`v.prompt_id` : Prisma.sql`v.annotator_id`;
  const second = unit === "annotator,prompt" ? Prisma.sql`v.prompt_id` : Prisma.sql`NULL::uuid`;
  const [row] = await db.$queryRaw<{ ga: number[] | null; gb: number[] | null; a: number[] | null; b: number[] | null; o: number[] | null; n: number[] | null }[]>`
    WITH m AS (SELECT id, ord::int - 1 AS idx FROM unnest(${modelIds}::uuid[]) WITH ORDINALITY AS t(id, ord)),
    cells AS (
      SELECT ${primary} AS ca, ${second} AS cb, ma.idx AS a, mb.idx AS b,
        CASE v.winner WHEN 'model_a' THEN 0 WHEN 'model_b' THEN 1 WHEN 'tie' THEN 2 ELSE 3 END AS o, COUNT(*)::int AS n
      FROM votes v ${joins}
      JOIN m ma ON ma.id = v.model_a_id
      JOIN m mb ON mb.id = v.model_b_id
      WHERE ${where}
      GROUP BY 1, 2, 3, 4, 5),
    ranked AS (
      SELECT (dense_rank() OVER (ORDER BY ca))::int - 1 AS ga, (dense_rank() OVER (ORDER BY cb))::int - 1 AS gb, a, b, o, n FROM cells)
    SELECT array_agg(ga) AS ga, array_agg(gb) AS gb, array_agg(a) AS a, array_agg(b) AS b, array_agg(o) AS o, array_agg(n) AS n FROM ranked`;
  const clusteredVotes: ClusteredVotes = {
    cluster: Int32Array.from(row?.ga ?? []),
    second: unit === "annotator,prompt" ? Int32Array.from(row?.gb ?? []) : undefined,
    modelA: Int32Array.from(row?.a ?? []),
    modelB: Int32Array.from(row?.b ?? []),
    outcome: Uint8Array.from(row?.o ?? []),
    count: Float64Array.from(row?.n ?? []),
  };
  const counts = emptyCounts(modelIds.length);
  for (let c = 0; c < clusteredVotes.count.length; c++) {
    addVotes(counts, clusteredVotes.modelA[c], clusteredVotes.modelB[c], clusteredVotes.outcome[c], clusteredVotes.count[c]);
  }
  return { clusteredVotes, counts };
}
