import type { LeaderboardRow } from "@/lib/ratings/leaderboard";
import { modelKeyOf } from "@/lib/ratings/model-keys";
import type { StyleControlSummary } from "@/lib/ratings/style-summary";
import type { EloResult, LeaderboardResult } from "./get-leaderboard";
import type { VoteSummary } from "./vote-summary";

// What the leaderboard page, the JSON API and the exports show: model keys and display names,
// ratings rounded for reading, Elo merged in when it has been computed.

// A row of the rating table (lib/ratings), keyed by model key, with its position and display name.
export type LeaderboardEntry = LeaderboardRow & {
  displayName: string;
  /** Style-controlled rating, interval and rank (issue 15); null without style votes for the model. */
  style: { rating: number; ciLow: number; ciHigh: number; rank: number; rankBest: number; rankWorst: number } | null;
};

export type LeaderboardPayload = {
  entries: LeaderboardEntry[];
  votes: number;
  computedAt: string;
  bootstrap: number;
  /** Votes, annotators and the date range behind the ratings. */
  summary: VoteSummary;
  /** How the scale is set: separate tables, the preliminary threshold, the pinned anchor (key) if any. */
  /** How the intervals were made (what was resampled, from how many clusters, the small-sample widening). */
  interval: { cluster: string; clusters: number | null; secondClusters: number | null; widen: number | null; confidence: number };
  scale: { groups: number; minVotes: number; anchor: string | null; anchorRating: number | null; preliminary: number; unrankable: number };
  // `message` is English (for API readers); the page writes each warning from its code and params.
  warnings: { code: string; message: string; models: string[]; params: Record<string, string | number> }[];
  elo: { ready: boolean; k: number; permutations: number };
  /** Style control: votes in the fit, votes without stored features, and the coefficients in rating points per sd. */
  styleControl: StyleControlSummary | null;
};

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
const round4 = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);

export function toLeaderboardPayload(result: LeaderboardResult, elo: EloResult | null): LeaderboardPayload {
  const byId = new Map(result.models.map((m) => [m.id, m]));
  const keyOf = modelKeyOf(result.models);
  // A model the raw table cannot rank (no finite estimate) gets no style rating either: the style fit, on the same or
  // fewer votes, cannot measure it better, and a bare number beside "not yet rankable" would read as one it can.
  const styleOf = (id: string, status: LeaderboardEntry["status"]): LeaderboardEntry["style"] => {
    const s = status === "unrankable" ? undefined : result.style?.byModel[id];
    return s ? { rating: round1(s.rating)!, ciLow: round1(s.ciLow)!, ciHigh: round1(s.ciHigh)!, rank: s.rank, rankBest: s.rankBest, rankWorst: s.rankWorst } : null;
  };
  return {
    entries: result.leaderboard.models.map((row) => {
      const model = byId.get(row.model);
      const e = model ? elo?.byModel[model.key] : undefined;
      return {
        rank: row.rank,
        rankBest: row.rankBest,
        rankWorst: row.rankWorst,
        model: model?.key ?? row.model,
        displayName: model?.displayName ?? row.model,
        status: row.status,
        reason: row.reason,
        group: row.group,
        rating: round1(row.rating),
        ciLow: round1(row.ciLow),
        ciHigh: round1(row.ciHigh),
        ciUnbounded: row.ciUnbounded,
        votes: row.votes,
        wins: row.wins,
        losses: row.losses,
        ties: row.ties,
        winRate: round4(row.winRate),
        elo: e ? round1(e.elo) : null,
        eloPermMean: e ? round1(e.permMean) : null,
        eloPermSd: e ? round1(e.permSd) : null,
        style: styleOf(row.model, row.status),
      };
    }),
    votes: result.votes,
    computedAt: result.computedAt,
    bootstrap: result.leaderboard.meta.bootstrap,
    summary: result.summary,
    // widen is ∞ (null here) below two clusters: no spread can be estimated.
    interval: { ...result.leaderboard.meta.interval, widen: Number.isFinite(result.leaderboard.meta.interval.widen) ? Math.round(result.leaderboard.meta.interval.widen * 1000) / 1000 : null },
    scale: {
      groups: result.leaderboard.meta.groups,
      minVotes: result.leaderboard.meta.minVotes,
      anchor: result.leaderboard.meta.anchor === null ? null : keyOf(result.leaderboard.meta.anchor),
      anchorRating: result.leaderboard.meta.anchor === null ? null : 1000,
      preliminary: result.leaderboard.meta.preliminary,
      unrankable: result.leaderboard.meta.unrankable,
    },
    warnings: result.leaderboard.warnings.map((w) => ({
      ...w,
      models: w.models.map(keyOf),
      params: { ...w.params, ...(typeof w.params?.anchor === "string" ? { anchor: keyOf(w.params.anchor) } : {}) },
    })),
    elo: { ready: elo !== null, k: elo?.k ?? 4, permutations: elo?.permutations ?? 100 },
    styleControl: result.style
      ? {
          votes: result.style.votes,
          withoutFeatures: result.style.withoutFeatures,
          rounds: result.style.rounds,
          // widen is ∞ (null here) below two clusters, as for the raw interval.
          interval: { ...result.style.interval, widen: Number.isFinite(result.style.interval.widen) ? Math.round(result.style.interval.widen * 1000) / 1000 : null },
          // A feature constant over the votes is not estimated: null estimates, as the CLI gives (not a measured 0).
          coefficients: result.style.coefficients.map((c) =>
            c.varies
              ? { feature: c.feature, points: round1(c.points), low: round1(c.low), high: round1(c.high), varies: true }
              : { feature: c.feature, points: null, low: null, high: null, varies: false },
          ),
          tooFewVotes: result.style.tooFewVotes,
        }
      : null,
  };
}
