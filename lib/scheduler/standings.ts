// Current standing of every model (Bradley–Terry rating, a quick bootstrap interval) from pair counts.
// Pure; the cost grows with models² × rounds, not with votes. The scheduler needs a rough picture of
// which orders are still open, not publication-grade intervals: 100 rounds are plenty (the leaderboard uses 1000).

import { type PairCounts, bootstrapRatings, fitBradleyTerry, totalVotes } from "@/lib/ratings";
import type { ModelStanding, PairInput } from "./weights";

export const schedulerBootstrapRounds = 100;

export function standingsFromCounts(
  counts: PairCounts,
  options: { rounds?: number; seed?: number; campaignVotes?: ArrayLike<number> } = {},
): ModelStanding[] {
  const n = counts.n;
  const campaignVotes = (i: number) => options.campaignVotes?.[i] ?? 0;
  if (totalVotes(counts) === 0) {
    return Array.from({ length: n }, (_, i) => ({ rating: NaN, ciLow: NaN, ciHigh: NaN, campaignVotes: campaignVotes(i) }));
  }
  const fit = fitBradleyTerry(counts);
  const ci = bootstrapRatings(counts, { rounds: options.rounds ?? schedulerBootstrapRounds, seed: options.seed ?? 1 });
  return Array.from({ length: n }, (_, i) => ({
    rating: fit.ratings[i]!,
    ciLow: ci.ciLow[i]!,
    ciHigh: ci.ciHigh[i]!,
    campaignVotes: campaignVotes(i),
  }));
}

/** Every unordered pair with its number of votes (all outcomes), in the counts' pair order. */
export function pairsFromCounts(counts: PairCounts): PairInput[] {
  const pairs: PairInput[] = [];
  for (let p = 0; p < counts.pairI.length; p++) {
    pairs.push({ i: counts.pairI[p]!, j: counts.pairJ[p]!, votes: counts.winsI[p]! + counts.winsJ[p]! + counts.ties[p]! + counts.bothBad[p]! });
  }
  return pairs;
}
