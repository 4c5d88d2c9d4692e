// When an annotator is flagged for a researcher's attention (pure). The thresholds are shown on the
// annotators page, so change them here and the page follows.
export const flagThresholds = {
  // Gold accuracy below this, once there are enough gold votes to judge by…
  minGoldAccuracy: 0.6,
  minGoldVotes: 5,
  // …or a share of fast-flagged votes above this, once there are enough votes.
  maxFastShare: 0.3,
  minVotesForFastShare: 10,
} as const;

export type FlagReason = "gold" | "fast";

export type FlagInput = { votes: number; fastVotes: number; goldVotes: number; goldCorrect: number };

export function qualityFlags(stats: FlagInput): FlagReason[] {
  const reasons: FlagReason[] = [];
  if (stats.goldVotes >= flagThresholds.minGoldVotes && stats.goldCorrect / stats.goldVotes < flagThresholds.minGoldAccuracy) reasons.push("gold");
  if (stats.votes >= flagThresholds.minVotesForFastShare && stats.fastVotes / stats.votes > flagThresholds.maxFastShare) reasons.push("fast");
  return reasons;
}
