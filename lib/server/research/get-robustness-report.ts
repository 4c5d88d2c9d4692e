import "server-only";
import {
  compareRankings,
  countsFromRows,
  fitBradleyTerry,
  onlineElo,
  permutedElo,
  rankingRobustness,
  type LabelledCounts,
  type RankingComparison,
  type VoteCountRow,
} from "@/lib/ratings";
import type { LeaderboardFilters } from "@/lib/validation/leaderboard-filters";
import { modelKeyOf } from "@/lib/ratings/model-keys";
import { aggregateVoteCounts, aggregateVoteCountsBy, orderedVoteSequence, voteStateMarker } from "./aggregate-vote-counts";
import { ComputationCache } from "./computation-cache";

export type PerturbationKind = "tiesDropped" | "bothBadDropped" | "language" | "tag" | "leaveOneAnnotatorOut" | "eloK" | "eloOrder";

export type PerturbationResult = {
  kind: PerturbationKind;
  // What was perturbed: a language code, a tag, an annotator's anonymised id, an Elo K…
  label: string;
  votes: number;
  common: number;
  tau: number | null;
  maxRankShift: number;
  maxShiftModels: string[];
};

export type RobustnessReport = {
  votes: number;
  perturbations: PerturbationResult[];
  // Elo next to BT: online Elo per K, and the spread of Elo over random vote orders.
  elo: { model: string; bt: number | null; byK: Record<string, number>; permMean: number; permSd: number }[];
  eloKs: number[];
  computedAt: string;
};

export const eloKs = [1, 4, 16, 32];
const cache = new ComputationCache<RobustnessReport>(50);

const voteSum = (rows: VoteCountRow[]) => rows.reduce((s, r) => s + Number(r.count), 0);

async function compute(filters: LeaderboardFilters): Promise<RobustnessReport> {
  const tieOptions = { ties: filters.ties, bothBad: filters.bothbad } as const;
  const { models, rows, votes } = await aggregateVoteCounts(filters);
  const ids = models.map((m) => m.id);
  const keyOf = modelKeyOf(models);
  const named = (c: RankingComparison): RankingComparison => ({ ...c, maxShiftModels: c.maxShiftModels.map(keyOf) });
  const labelled = (label: string, r: VoteCountRow[], options?: LabelledCounts["options"]): LabelledCounts => ({ label, counts: countsFromRows(r, ids), models: ids, options });
  const full = labelled("full", rows);

  const [byLanguage, byTag, byAnnotator] = await Promise.all([
    aggregateVoteCountsBy(filters, "language"),
    aggregateVoteCountsBy(filters, "tag"),
    aggregateVoteCountsBy(filters, "annotator"),
  ]);
  // Leave-one-out needs every other annotator's votes: the full counts minus that annotator's.
  const minus = (left: VoteCountRow[]): VoteCountRow[] => [...rows, ...left.map((r) => ({ ...r, count: -Number(r.count) }))];
  const netRows = (r: VoteCountRow[]) => {
    const sums = new Map<string, VoteCountRow>();
    for (const row of r) {
      const key = `${row.modelA}|${row.modelB}|${row.outcome}`;
      const prev = sums.get(key);
      sums.set(key, { ...row, count: Number(prev?.count ?? 0) + Number(row.count) });
    }
    return [...sums.values()].filter((x) => Number(x.count) > 0);
  };

  const variants: { kind: PerturbationKind; set: LabelledCounts; votes: number }[] = [
    { kind: "tiesDropped", set: labelled("ties", rows, { ...tieOptions, ties: "drop" }), votes },
    { kind: "bothBadDropped", set: labelled("bothbad", rows, { ...tieOptions, bothBad: "drop" }), votes },
    ...[...byLanguage.entries()].map(([lang, r]) => ({ kind: "language" as const, set: labelled(lang, r, tieOptions), votes: voteSum(r) })),
    ...[...byTag.entries()].map(([tag, r]) => ({ kind: "tag" as const, set: labelled(tag, r, tieOptions), votes: voteSum(r) })),
    ...[...byAnnotator.entries()].map(([annotator, r], i) => ({
      kind: "leaveOneAnnotatorOut" as const,
      // Annotators appear by rank of activity, never by email.
      set: labelled(`annotator-${i + 1}:${annotator}`, netRows(minus(r)), tieOptions),
      votes: votes - voteSum(r),
    })),
  ];
  const comparisons = rankingRobustness(full, variants.map((v) => v.set), tieOptions);
  const perturbations: PerturbationResult[] = comparisons.map((c, i) => ({
    kind: variants[i]!.kind,
    label: variants[i]!.kind === "leaveOneAnnotatorOut" ? c.label.split(":")[0]! : c.label,
    votes: variants[i]!.votes,
    common: c.common,
    tau: Number.isFinite(c.tau) ? c.tau : null,
    maxRankShift: named(c).maxRankShift,
    maxShiftModels: named(c).maxShiftModels,
  }));

  // Elo against BT: each K's online Elo ranking, and the order spread.
  const bt = fitBradleyTerry(full.counts, tieOptions).ratings;
  const sequence = votes > 0 ? await orderedVoteSequence(filters, ids) : null;
  const byK = eloKs.map((k) => (sequence ? onlineElo(sequence, ids.length, { ...tieOptions, k }) : new Float64Array(ids.length).fill(NaN)));
  const reference = { label: "bt", models: ids, ratings: bt };
  byK.forEach((ratings, i) => {
    const c = named(compareRankings(reference, { label: `K=${eloKs[i]}`, models: ids, ratings }));
    perturbations.push({ kind: "eloK", label: `K=${eloKs[i]}`, votes, common: c.common, tau: Number.isFinite(c.tau) ? c.tau : null, maxRankShift: c.maxRankShift, maxShiftModels: c.maxShiftModels });
  });
  const perm = sequence ? permutedElo(sequence, ids.length, { ...tieOptions, k: 4, permutations: 100, seed: 1 }) : null;
  if (perm) {
    const c = named(compareRankings(reference, { label: "order", models: ids, ratings: perm.mean }));
    perturbations.push({ kind: "eloOrder", label: "K=4, 100 orders", votes, common: c.common, tau: Number.isFinite(c.tau) ? c.tau : null, maxRankShift: c.maxRankShift, maxShiftModels: c.maxShiftModels });
  }
  const elo = models
    .map((m, i) => ({
      model: m.key,
      bt: Number.isFinite(bt[i]!) ? Math.round(bt[i]! * 10) / 10 : null,
      byK: Object.fromEntries(eloKs.map((k, j) => [String(k), Math.round(byK[j]![i]! * 10) / 10])),
      permMean: perm ? Math.round(perm.mean[i]! * 10) / 10 : NaN,
      permSd: perm ? Math.round(perm.sd[i]! * 10) / 10 : NaN,
    }))
    .sort((a, b) => (b.bt ?? -Infinity) - (a.bt ?? -Infinity));
  return { votes, perturbations, elo, eloKs, computedAt: new Date().toISOString() };
}

export async function getRobustnessReport(filters: LeaderboardFilters): Promise<RobustnessReport> {
  return cache.get(JSON.stringify(filters), await voteStateMarker(), () => compute(filters));
}
