// Win-rate matrices: empirical (with the number of games) and Bradley–Terry predicted.

import { type PairCounts, type TieOptions, pairScores } from "./counts";
import { DEFAULT_BASE, DEFAULT_SCALE } from "./bradley-terry";

export interface EmpiricalWinRates {
  n: number;
  /** winRate[i·n + j] = (wins of i over j + ½·ties) / games; NaN without games or on the diagonal. */
  winRate: Float64Array;
  /** games[i·n + j] = kept votes between i and j (symmetric). */
  games: Float64Array;
}

export function empiricalWinRates(counts: PairCounts, options: TieOptions = {}): EmpiricalWinRates {
  const n = counts.n;
  const s = pairScores(counts, options);
  const winRate = new Float64Array(n * n).fill(NaN);
  const games = new Float64Array(n * n);
  for (let p = 0; p < s.scoreI.length; p++) {
    const i = s.pairI[p];
    const j = s.pairJ[p];
    const t = s.scoreI[p] + s.scoreJ[p];
    games[i * n + j] = games[j * n + i] = t;
    if (t > 0) {
      winRate[i * n + j] = s.scoreI[p] / t;
      winRate[j * n + i] = s.scoreJ[p] / t;
    }
  }
  return { n, winRate, games };
}

/** predicted[i·n + j] = 1 / (1 + base^((R_j − R_i)/scale)); NaN on the diagonal or for NaN ratings. */
export function predictedWinRates(ratings: ArrayLike<number>, scale = DEFAULT_SCALE, base = DEFAULT_BASE): Float64Array {
  const n = ratings.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * n + j] = i === j ? NaN : 1 / (1 + Math.pow(base, (ratings[j] - ratings[i]) / scale));
    }
  }
  return out;
}
