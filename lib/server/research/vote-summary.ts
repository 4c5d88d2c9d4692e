import "server-only";
import { db } from "@/lib/db";
import type { LeaderboardFilters } from "@/lib/validation/leaderboard-filters";
import { voteFilterSql } from "./aggregate-vote-counts";

export type VoteSummary = { votes: number; annotators: number; firstVote: string | null; lastVote: string | null };

// What the leaderboard rests on: how many votes, from how many annotators, cast between which dates.
export async function voteSummary(filters: LeaderboardFilters): Promise<VoteSummary> {
  const { joins, where } = voteFilterSql(filters);
  const [row] = await db.$queryRaw<{ votes: bigint; annotators: bigint; first: Date | null; last: Date | null }[]>`
    SELECT COUNT(*) AS votes, COUNT(DISTINCT v.annotator_id) AS annotators, min(v.created_at) AS first, max(v.created_at) AS last
    FROM votes v ${joins}
    WHERE ${where}`;
  return {
    votes: Number(row?.votes ?? 0),
    annotators: Number(row?.annotators ?? 0),
    firstVote: row?.first?.toISOString() ?? null,
    lastVote: row?.last?.toISOString() ?? null,
  };
}
