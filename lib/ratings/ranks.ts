// Ranks and rank intervals from ratings and their confidence intervals.

export interface RankIntervals {
  /** 1 + #{models whose ciLow > this model's ciHigh} */
  best: Int32Array;
  /** n − #{models whose ciHigh < this model's ciLow} */
  worst: Int32Array;
}

/**
 * Rank interval per model from CI bounds: a model can only be outranked for sure by models whose whole interval
 * lies above its own, and can only sure-beat models whose whole interval lies below. Models with NaN bounds
 * (no votes) get [1, n] and are ignored when ranking others. O(n²).
 * With `among` (a 0/1 mask), models are ranked among the marked ones only: a marked model against the other marked
 * ones, an unmarked (preliminary) model as if it joined them. The leaderboard marks the well-measured models, so a
 * preliminary model's wide interval shows where it could place without stretching everyone else's rank interval.
 */
export function rankIntervals(ciLow: ArrayLike<number>, ciHigh: ArrayLike<number>, among?: ArrayLike<number>): RankIntervals {
  const n = ciLow.length;
  const best = new Int32Array(n);
  const worst = new Int32Array(n);
  let members = n;
  if (among) {
    members = 0;
    for (let j = 0; j < n; j++) if (among[j]) members++;
  }
  for (let i = 0; i < n; i++) {
    let above = 0;
    let below = 0;
    for (let j = 0; j < n; j++) {
      if (j === i || (among && !among[j])) continue;
      if (ciLow[j] > ciHigh[i]) above++; // NaN comparisons are false
      if (ciHigh[j] < ciLow[i]) below++;
    }
    best[i] = 1 + above;
    worst[i] = members + (among && !among[i] ? 1 : 0) - below;
  }
  return { best, worst };
}

/** Competition ranks by rating, highest = 1: rank_i = 1 + #{j : r_j > r_i}. NaN ratings rank last. */
export function ranksFromRatings(ratings: ArrayLike<number>): Int32Array {
  const n = ratings.length;
  const ranks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const ri = ratings[i];
    let above = 0;
    for (let j = 0; j < n; j++) {
      const rj = ratings[j];
      if (Number.isNaN(ri) ? !Number.isNaN(rj) : rj > ri) above++;
    }
    ranks[i] = 1 + above;
  }
  return ranks;
}

/** Model indices sorted by rating, highest first; NaN last; ties by index. */
export function orderByRating(ratings: ArrayLike<number>): number[] {
  const idx = Array.from({ length: ratings.length }, (_, i) => i);
  return idx.sort((a, b) => {
    const ra = ratings[a];
    const rb = ratings[b];
    const na = Number.isNaN(ra);
    const nb = Number.isNaN(rb);
    if (na || nb) return na === nb ? a - b : na ? 1 : -1;
    return rb - ra || a - b;
  });
}
