// The `styleControl` block, one shape for the leaderboard API (lib/server/research/leaderboard-payload.ts) and the
// ratings CLI (scripts/ratings.ts, `--style-control`), so a notebook reads either with the same code.
// Coefficients are in rating points per standard deviation of the feature's normalised difference, with their 95%
// interval (low, high); a feature constant over the votes is not estimated (varies false, null estimates).
export type StyleCoefficient = { feature: string; points: number | null; low: number | null; high: number | null; varies: boolean };

export type StyleControlSummary = {
  /** Votes in the style fit. */
  votes: number;
  /** Votes left out of it for lack of style features (API: stored features; CLI: complete conv_metadata). */
  withoutFeatures: number;
  /** Bootstrap rounds. */
  rounds: number;
  /** What the style intervals resampled (as the raw intervals). */
  interval: { cluster: string; clusters: number | null; secondClusters: number | null; widen: number | null };
  coefficients: StyleCoefficient[];
  /** Set when the votes are too few for the fit (10 per estimated quantity); the CLI refuses such input instead. */
  tooFewVotes: { parameters: number; needed: number } | null;
};

/** The fields of StyleControlSummary and of each coefficient, in order (tests compare the CLI's output with them). */
export const styleControlSummaryKeys = ["votes", "withoutFeatures", "rounds", "interval", "coefficients", "tooFewVotes"] as const;
export const styleCoefficientKeys = ["feature", "points", "low", "high", "varies"] as const;
