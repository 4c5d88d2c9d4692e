// The style-controlled ratings beside the raw ones (issue 15): votes whose two responses both have stored style
// features (lib/server/import/style-features.ts), grouped by pair, outcome and feature tuple in one SQL GROUP BY,
// then the joint Bradley–Terry + style fit of lib/ratings/style-control.ts with its bootstrap. Votes without
// features (responses not yet backfilled) stay in the raw ratings and are counted as left out here.
// The style intervals resample what the raw ones do (the leaderboard's `cluster` option): votes (Poisson
// bootstrap), or annotators and/or prompts (the votes' cells weighted by how often their cluster was drawn,
// widened for few clusters like the raw intervals).
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  OUTCOME_A,
  OUTCOME_B,
  OUTCOME_BOTH_BAD,
  OUTCOME_TIE,
  STYLE_FEATURES,
  STYLE_FEATURE_COUNT,
  buildStyleCells,
  styleControl,
  styleDifferences,
  styleFitTooSmall,
  type StyleFeature,
} from "@/lib/ratings";
import type { LeaderboardFilters } from "@/lib/validation/leaderboard-filters";
import { voteFilterSql } from "./aggregate-vote-counts";

export type StyleModelResult = { rating: number; ciLow: number; ciHigh: number; rank: number; rankBest: number; rankWorst: number };
/** varies: false when the feature does not vary over the votes in the fit (its coefficient is not estimated). */
export type StyleCoefficient = { feature: StyleFeature; points: number; low: number; high: number; varies: boolean };
export type StyleControlSummary = {
  /** Votes in the style fit, and votes left out because a response has no stored features. */
  votes: number;
  withoutFeatures: number;
  rounds: number;
  /** What the style intervals resampled (as the raw payload's `interval`). */
  interval: { cluster: string; clusters: number | null; secondClusters: number | null; widen: number };
  byModel: Record<string, StyleModelResult>;
  coefficients: StyleCoefficient[];
  /** Set when the votes are too few for the style fit (10 per estimated quantity): no ratings, no coefficients. */
  tooFewVotes: { parameters: number; needed: number } | null;
};

const outcomeCode = { model_a: OUTCOME_A, model_b: OUTCOME_B, tie: OUTCOME_TIE, tie_bothbad: OUTCOME_BOTH_BAD } as const;

export async function computeStyleControl(
  filters: LeaderboardFilters,
  modelIds: string[],
  options: { rounds: number; anchor?: string },
): Promise<StyleControlSummary | null> {
  const { joins, where } = voteFilterSql(filters);
  const unit = filters.cluster;
  const primary = unit === "prompt" ? Prisma.sql`v.prompt_id` : unit === "vote" ? Prisma.sql`NULL::uuid` : Prisma.sql`v.annotator_id`;
  const second = unit === "annotator,prompt" ? Prisma.sql`v.prompt_id` : Prisma.sql`NULL::uuid`;
  const grouped = await db.$queryRaw<
    { g1: string | null; g2: string | null; a: string; b: string; winner: keyof typeof outcomeCode; ta: number | null; ha: number | null; la: number | null; ba: number | null; tb: number | null; hb: number | null; lb: number | null; bb: number | null; n: bigint }[]
  >`
    SELECT ${primary} AS g1, ${second} AS g2, v.model_a_id AS a, v.model_b_id AS b, v.winner,
           ra.style_tokens AS ta, ra.style_headers AS ha, ra.style_lists AS la, ra.style_bold AS ba,
           rb.style_tokens AS tb, rb.style_headers AS hb, rb.style_lists AS lb, rb.style_bold AS bb, COUNT(*) AS n
    FROM votes v ${joins}
    LEFT JOIN responses ra ON ra.prompt_id = v.prompt_id AND ra.model_id = v.model_a_id
    LEFT JOIN responses rb ON rb.prompt_id = v.prompt_id AND rb.model_id = v.model_b_id
    WHERE ${where}
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13`;
  const index = new Map(modelIds.map((id, i) => [id, i]));
  let withoutFeatures = 0;
  let total = 0;
  for (const g of grouped) {
    const complete = [g.ta, g.ha, g.la, g.ba, g.tb, g.hb, g.lb, g.bb].every((x) => x !== null) && index.has(g.a) && index.has(g.b);
    if (complete) total += Number(g.n);
    else withoutFeatures += Number(g.n);
  }
  if (total === 0) return null;
  const K = STYLE_FEATURE_COUNT;
  const modelA = new Int32Array(total);
  const modelB = new Int32Array(total);
  const outcome = new Uint8Array(total);
  const countsA = new Float64Array(total * K);
  const countsB = new Float64Array(total * K);
  // Dense cluster indices (annotator and/or prompt ids), when the intervals resample clusters.
  const clusters = unit === "vote" ? undefined : new Int32Array(total);
  const secondClusters = unit === "annotator,prompt" ? new Int32Array(total) : undefined;
  const dense = [new Map<string, number>(), new Map<string, number>()];
  const denseOf = (m: Map<string, number>, id: string | null) => {
    const key = id ?? "";
    let x = m.get(key);
    if (x === undefined) m.set(key, (x = m.size));
    return x;
  };
  let v = 0;
  for (const g of grouped) {
    const a = index.get(g.a);
    const b = index.get(g.b);
    const fa = [g.ta, g.ha, g.la, g.ba];
    const fb = [g.tb, g.hb, g.lb, g.bb];
    if (a === undefined || b === undefined || fa.some((x) => x === null) || fb.some((x) => x === null)) continue;
    const c1 = clusters ? denseOf(dense[0]!, g.g1) : 0;
    const c2 = secondClusters ? denseOf(dense[1]!, g.g2) : 0;
    for (let r = 0; r < Number(g.n); r++, v++) {
      if (clusters) clusters[v] = c1;
      if (secondClusters) secondClusters[v] = c2;
      modelA[v] = a;
      modelB[v] = b;
      outcome[v] = outcomeCode[g.winner];
      for (let k = 0; k < K; k++) {
        countsA[v * K + k] = fa[k]!;
        countsB[v * K + k] = fb[k]!;
      }
    }
  }
  const cells = buildStyleCells({ modelA, modelB, outcome }, styleDifferences(countsA, countsB), modelIds.length, { ties: filters.ties, bothBad: filters.bothbad, clusters, secondClusters });
  const tooSmall = styleFitTooSmall(cells);
  if (tooSmall) {
    const interval = { cluster: unit, clusters: null, secondClusters: null, widen: Number.NaN };
    const tooFewVotes = { parameters: tooSmall.parameters, needed: tooSmall.needed };
    return { votes: cells.votes, withoutFeatures: withoutFeatures + cells.skipped, rounds: 0, interval, byModel: {}, coefficients: [], tooFewVotes };
  }
  const anchorIndex = options.anchor === undefined ? undefined : index.get(options.anchor);
  // The raw table's anchor when it has style votes too (same scale); otherwise centred like the raw fit.
  let fit: ReturnType<typeof styleControl>;
  try {
    fit = styleControl(cells, { rounds: options.rounds, seed: 1, anchor: anchorIndex });
  } catch (error) {
    if (anchorIndex === undefined || !(error instanceof RangeError)) throw error;
    fit = styleControl(cells, { rounds: options.rounds, seed: 1 });
  }
  // rank = rank(UB), the best end of the rank interval, as the raw table's displayed rank (README, Ratings).
  const byModel: Record<string, StyleModelResult> = {};
  modelIds.forEach((id, i) => {
    if (!Number.isFinite(fit.ratings[i])) return;
    byModel[id] = { rating: fit.ratings[i]!, ciLow: fit.ciLow[i]!, ciHigh: fit.ciHigh[i]!, rank: fit.rankBest[i]!, rankBest: fit.rankBest[i]!, rankWorst: fit.rankWorst[i]! };
  });
  return {
    votes: cells.votes,
    withoutFeatures: withoutFeatures + cells.skipped,
    rounds: fit.rounds,
    interval: { cluster: unit, clusters: fit.interval.clusters, secondClusters: fit.interval.secondClusters, widen: fit.interval.widen },
    byModel,
    coefficients: STYLE_FEATURES.map((feature, k) => ({ feature, points: fit.coefficientPoints[k]!, low: fit.coefficientPointsLow[k]!, high: fit.coefficientPointsHigh[k]!, varies: cells.featureSd[k]! > 0 })),

    tooFewVotes: null,
  };
}
