// Ranking robustness: how much a ranking moves under perturbations (ties dropped, per language, per tag,
// leave-one-annotator-out, Elo K / order). Compared over the models present (with finite ratings) in both.
// Agreement is Kendall's tau-b: (C − D) / sqrt((C + D + T_x)(C + D + T_y)), T = pairs tied in only that ranking;
// rank shift = |rank in variant − rank in reference|, ranks recomputed within the common models.

import type { PairCounts } from "./counts";
import { type BradleyTerryOptions, fitBradleyTerry } from "./bradley-terry";
import { ranksFromRatings } from "./ranks";

/** Kendall tau-b between two score vectors of equal length (NaN with fewer than 2 items or a constant vector). O(n²). */
export function kendallTau(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`length mismatch: ${n} vs ${y.length}`);
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0; // tied in x only
  let tiesY = 0; // tied in y only
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign(x[i] - x[j]);
      const dy = Math.sign(y[i] - y[j]);
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tiesX++;
      else if (dy === 0) tiesY++;
      else if (dx === dy) concordant++;
      else discordant++;
    }
  }
  const denom = Math.sqrt((concordant + discordant + tiesX) * (concordant + discordant + tiesY));
  return denom > 0 ? (concordant - discordant) / denom : NaN;
}

export interface Ranking {
  label: string;
  models: readonly string[];
  /** Higher is better; NaN = absent. */
  ratings: ArrayLike<number>;
}

export interface RankingComparison {
  label: string;
  /** Models with finite ratings in both rankings. */
  common: number;
  /** Kendall tau-b over the common models. */
  tau: number;
  maxRankShift: number;
  /** Models with the largest shift (empty when nothing shifts). */
  maxShiftModels: string[];
  /** Per common model: rank in reference and in the variant. */
  shifts: { model: string; referenceRank: number; variantRank: number }[];
}

export function compareRankings(reference: Ranking, variant: Ranking): RankingComparison {
  const refIndex = new Map<string, number>();
  reference.models.forEach((m, i) => {
    if (Number.isFinite(reference.ratings[i])) refIndex.set(m, i);
  });
  const names: string[] = [];
  const rx: number[] = [];
  const ry: number[] = [];
  variant.models.forEach((m, i) => {
    const r = refIndex.get(m);
    if (r !== undefined && Number.isFinite(variant.ratings[i])) {
      names.push(m);
      rx.push(reference.ratings[r]);
      ry.push(variant.ratings[i]);
    }
  });
  const ranksX = ranksFromRatings(rx);
  const ranksY = ranksFromRatings(ry);
  let maxRankShift = 0;
  const shifts = names.map((model, i) => {
    maxRankShift = Math.max(maxRankShift, Math.abs(ranksX[i] - ranksY[i]));
    return { model, referenceRank: ranksX[i], variantRank: ranksY[i] };
  });
  return {
    label: variant.label,
    common: names.length,
    tau: kendallTau(rx, ry),
    maxRankShift,
    maxShiftModels: maxRankShift > 0 ? shifts.filter((s) => Math.abs(s.referenceRank - s.variantRank) === maxRankShift).map((s) => s.model) : [],
    shifts,
  };
}

export interface LabelledCounts {
  label: string;
  counts: PairCounts;
  models: readonly string[];
  /** Per-set options (e.g. { ties: "drop" } for the ties-dropped variant); merged over the shared options. */
  options?: BradleyTerryOptions;
}

/** Fit Bradley–Terry on the full set and on each labelled variant; compare each against the full ranking. */
export function rankingRobustness(
  full: LabelledCounts,
  variants: readonly LabelledCounts[],
  options: BradleyTerryOptions = {},
): RankingComparison[] {
  const fitVariant = (c: LabelledCounts): Ranking => {
    const { anchor: _anchor, ...shared } = options; // anchor indices differ between sets; centring does not matter for ranks
    return { label: c.label, models: c.models, ratings: fitBradleyTerry(c.counts, { ...shared, ...c.options }).ratings };
  };
  const reference = fitVariant(full);
  return variants.map((v) => compareRankings(reference, fitVariant(v)));
}
