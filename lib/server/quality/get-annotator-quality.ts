import "server-only";
import { db } from "@/lib/db";
import { annotatorAgreement, overallAlpha, type Alpha, type AnnotatorAgreement } from "@/lib/quality/agreement";
import { qualityFlags, type FlagReason } from "@/lib/quality/flags";
import { anonymousJudgeId } from "@/lib/server/exports/anonymous-judge";
import { ComputationCache } from "@/lib/server/research/computation-cache";
import { listSharedItems } from "./list-shared-items";

export const annotatorsPageSize = 50;

export type AnnotatorQuality = {
  id: string;
  email: string;
  judgeId: string;
  role: string;
  disabled: boolean;
  excluded: boolean;
  votes: number;
  // Tie or both bad, over all votes.
  tieRate: number;
  medianMs: number;
  fastVotes: number;
  fastShare: number;
  // Battles skipped, and their share of the battles this annotator finished (voted or skipped).
  skips: number;
  skipRate: number;
  goldVotes: number;
  goldCorrect: number;
  // null without gold votes.
  goldAccuracy: number | null;
  agreement: AnnotatorAgreement | null;
  flags: FlagReason[];
};

export type AnnotatorQualityReport = {
  annotators: AnnotatorQuality[];
  // Everyone who has voted, before paging.
  total: number;
  page: number;
  pages: number;
  flagged: number;
  excluded: number;
  alpha: Alpha;
  sharedItems: number;
};

type StatsRow = { id: string; email: string; role: string; votes: bigint; ties: bigint; median_ms: number | null; fast: bigint; skips: bigint };

// Everything that depends on votes and gold pairs only. Who is excluded or disabled is read fresh on
// every request, so an exclusion click does not recompute statistics over every vote.
type VoteDerived = {
  stats: StatsRow[];
  gold: Map<string, { votes: number; correct: number }>;
  agreement: Map<string, AnnotatorAgreement>;
  alpha: Alpha;
  sharedItems: number;
};

const voteDerivedCache = new ComputationCache<VoteDerived>(1);

// Changes whenever a vote is added, a battle skipped, or a gold pair added or removed.
async function qualityDataVersion(): Promise<string> {
  const [row] = await db.$queryRaw<{ votes: bigint; latest: Date | null; gold: bigint; gold_latest: Date | null; skips: bigint }[]>`
    SELECT (SELECT count(*) FROM votes) AS votes, (SELECT max(created_at) FROM votes) AS latest,
           (SELECT count(*) FROM gold_pairs) AS gold, (SELECT max(created_at) FROM gold_pairs) AS gold_latest,
           (SELECT count(*) FROM battles WHERE skipped_at IS NOT NULL) AS skips`;
  return [row?.votes, row?.latest?.toISOString(), row?.gold, row?.gold_latest?.toISOString(), row?.skips].join("|");
}

async function computeVoteDerived(): Promise<VoteDerived> {
  const [stats, gold, shared] = await Promise.all([
    // Everyone who voted or skipped: an annotator who only skips is listed too.
    db.$queryRaw<StatsRow[]>`
      WITH voted AS (
        SELECT v.annotator_id,
               count(*) AS votes,
               count(*) FILTER (WHERE v.winner IN ('tie', 'tie_bothbad')) AS ties,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY v.time_taken_ms) AS median_ms,
               count(*) FILTER (WHERE v.flagged_fast) AS fast
        FROM votes v GROUP BY v.annotator_id),
      skipped AS (
        SELECT b.annotator_id, count(*) AS skips FROM battles b WHERE b.skipped_at IS NOT NULL GROUP BY b.annotator_id)
      SELECT u.id::text AS id, u.email, u.role::text AS role,
             coalesce(vd.votes, 0) AS votes, coalesce(vd.ties, 0) AS ties, vd.median_ms, coalesce(vd.fast, 0) AS fast,
             coalesce(sk.skips, 0) AS skips
      FROM users u
      LEFT JOIN voted vd ON vd.annotator_id = u.id
      LEFT JOIN skipped sk ON sk.annotator_id = u.id
      WHERE vd.annotator_id IS NOT NULL OR sk.annotator_id IS NOT NULL`,
    // A gold vote is correct when the side it chose is the gold pair's better model; ties are wrong.
    db.$queryRaw<{ annotator_id: string; gold: bigint; correct: bigint }[]>`
      SELECT v.annotator_id::text AS annotator_id, count(*) AS gold,
             count(*) FILTER (WHERE (v.winner = 'model_a' AND v.model_a_id = g.better_model_id)
                                 OR (v.winner = 'model_b' AND v.model_b_id = g.better_model_id)) AS correct
      FROM votes v
      JOIN battles b ON b.id = v.battle_id
      JOIN gold_pairs g ON g.prompt_id = v.prompt_id
                       AND g.model_low_id = LEAST(v.model_a_id, v.model_b_id)
                       AND g.model_high_id = GREATEST(v.model_a_id, v.model_b_id)
      WHERE v.is_gold OR b.is_gold
      GROUP BY v.annotator_id`,
    listSharedItems(),
  ]);
  return {
    stats,
    gold: new Map(gold.map((g) => [g.annotator_id, { votes: Number(g.gold), correct: Number(g.correct) }])),
    agreement: annotatorAgreement(shared),
    alpha: overallAlpha(shared),
    sharedItems: shared.length,
  };
}

// Per-vote statistics for everyone who voted (grouped in SQL: one row per annotator), gold
// accuracy from votes on gold battles, agreement from shared items only. Excluded annotators stay
// listed (their votes are kept; only the rankings leave them out).
export async function getAnnotatorQuality(page = 1): Promise<AnnotatorQualityReport> {
  const derived = await voteDerivedCache.get("all", await qualityDataVersion(), computeVoteDerived);
  const flagsOf = new Map(
    (await db.user.findMany({ where: { id: { in: derived.stats.map((r) => r.id) } }, select: { id: true, excludedFromRankings: true, disabled: true } })).map((u) => [u.id, u]),
  );
  const all: AnnotatorQuality[] = derived.stats.map((row) => {
    const votes = Number(row.votes);
    const fastVotes = Number(row.fast);
    const skips = Number(row.skips);
    const share = (part: number) => (votes > 0 ? part / votes : 0);
    const g = derived.gold.get(row.id) ?? { votes: 0, correct: 0 };
    return {
      id: row.id,
      email: row.email,
      judgeId: anonymousJudgeId(row.id),
      role: row.role,
      disabled: flagsOf.get(row.id)?.disabled ?? false,
      excluded: flagsOf.get(row.id)?.excludedFromRankings ?? false,
      votes,
      tieRate: share(Number(row.ties)),
      medianMs: row.median_ms === null ? NaN : Number(row.median_ms),
      fastVotes,
      fastShare: share(fastVotes),
      skips,
      skipRate: skips / (votes + skips),
      goldVotes: g.votes,
      goldCorrect: g.correct,
      goldAccuracy: g.votes ? g.correct / g.votes : null,
      agreement: derived.agreement.get(row.id) ?? null,
      flags: qualityFlags({ votes, fastVotes, goldVotes: g.votes, goldCorrect: g.correct }),
    };
  });
  all.sort((a, b) => b.votes - a.votes || a.email.localeCompare(b.email));

  const pages = Math.max(1, Math.ceil(all.length / annotatorsPageSize));
  const current = Math.min(Math.max(1, page), pages);
  return {
    annotators: all.slice((current - 1) * annotatorsPageSize, current * annotatorsPageSize),
    total: all.length,
    page: current,
    pages,
    flagged: all.filter((a) => a.flags.length > 0).length,
    excluded: all.filter((a) => a.excluded).length,
    alpha: derived.alpha,
    sharedItems: derived.sharedItems,
  };
}
