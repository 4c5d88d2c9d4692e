// Transitivity of the empirical pairwise majority.
// A pair "qualifies" when it has at least minPairVotes kept head-to-head votes. i beats j empirically when
// winsI + ½·ties > winsJ + ½·ties, i.e. winsI > winsJ (ties count half to both, so they never change the majority).
// For every triple whose three pairs qualify, the majority is cyclic when i>j, j>k, k>i (either direction).
// Significance: each edge gets a one-sided exact sign test on its decisive votes,
// p = P(X ≥ winnerWins | X ~ Bin(winnerWins + loserWins, ½)) (ties carry no direction and are left out);
// a cycle is significant when all three edges have p < alpha (default 0.05). This is deliberately strict:
// it flags cycles each of whose preferences is individually established, with no multiple-testing correction
// across triples (report counts alongside).

import { type PairCounts, type TieOptions, pairScores } from "./counts";
import { binomialUpperTail } from "./stats";

export interface TransitivityOptions extends TieOptions {
  /** Minimum kept votes per pair. Default 10. */
  minPairVotes?: number;
  /** Per-edge one-sided level. Default 0.05. */
  alpha?: number;
  /** Cycles listed at most (counts are always complete). Default 1000. */
  maxCycles?: number;
}

export interface PairEdge {
  winner: number;
  loser: number;
  /** Decisive votes the winner won. */
  winnerWins: number;
  loserWins: number;
  /** Kept tie-like votes. */
  ties: number;
  /** One-sided sign-test p-value for "winner is preferred". */
  pValue: number;
}

export interface IntransitiveTriple {
  /** models[0] > models[1] > models[2] > models[0] by empirical majority. */
  models: [number, number, number];
  edges: [PairEdge, PairEdge, PairEdge];
  significant: boolean;
}

export interface TransitivityReport {
  minPairVotes: number;
  alpha: number;
  /** Pairs with ≥ minPairVotes kept votes. */
  pairsChecked: number;
  /** Triples whose three pairs all qualify. */
  triplesChecked: number;
  cycleCount: number;
  significantCycleCount: number;
  /** Significant first, then by the weakest edge's p-value; at most maxCycles. */
  cycles: IntransitiveTriple[];
  /** Qualifying pairs with a strict empirical winner, compared against the rating order (when ratings given). */
  pairsCompared: number;
  /** Of those, pairs whose empirical winner has the lower rating. */
  disagreements: PairEdge[];
  /** disagreements / pairsCompared (NaN when nothing to compare or no ratings). */
  disagreementShare: number;
}

/** Edge for pair p, oriented from the empirical winner; null when winsI = winsJ. */
function edgeOf(counts: PairCounts, p: number, draws: number): PairEdge | null {
  const wi = counts.winsI[p];
  const wj = counts.winsJ[p];
  if (wi === wj) return null;
  const [winner, loser, ww, lw] = wi > wj ? [counts.pairI[p], counts.pairJ[p], wi, wj] : [counts.pairJ[p], counts.pairI[p], wj, wi];
  const pValue = binomialUpperTail(Math.round(ww), Math.round(ww + lw), 0.5);
  return { winner, loser, winnerWins: ww, loserWins: lw, ties: draws, pValue };
}

export function findIntransitiveTriples(
  counts: PairCounts,
  options: TransitivityOptions = {},
  ratings?: ArrayLike<number>,
): TransitivityReport {
  const n = counts.n;
  const minPairVotes = options.minPairVotes ?? 10;
  const alpha = options.alpha ?? 0.05;
  const maxCycles = options.maxCycles ?? 1000;
  const s = pairScores(counts, options);
  // dir[i·n + j]: 1 if i beats j, −1 if j beats i, 0 if level, 2 if the pair does not qualify.
  const dir = new Int8Array(n * n).fill(2);
  const edges = new Map<number, PairEdge>(); // key i·n + j for i < j
  let pairsChecked = 0;
  let pairsCompared = 0;
  const disagreements: PairEdge[] = [];
  for (let p = 0; p < s.scoreI.length; p++) {
    if (s.scoreI[p] + s.scoreJ[p] < minPairVotes || s.scoreI[p] + s.scoreJ[p] === 0) continue;
    const i = s.pairI[p];
    const j = s.pairJ[p];
    pairsChecked++;
    const e = edgeOf(counts, p, s.draws[p]);
    if (!e) {
      dir[i * n + j] = dir[j * n + i] = 0;
      continue;
    }
    edges.set(i * n + j, e);
    dir[e.winner * n + e.loser] = 1;
    dir[e.loser * n + e.winner] = -1;
    if (ratings && Number.isFinite(ratings[e.winner]) && Number.isFinite(ratings[e.loser])) {
      pairsCompared++;
      if (ratings[e.winner] < ratings[e.loser]) disagreements.push(e);
    }
  }

  const cycles: IntransitiveTriple[] = [];
  let triplesChecked = 0;
  let cycleCount = 0;
  let significantCycleCount = 0;
  const edge = (a: number, b: number): PairEdge => edges.get(a < b ? a * n + b : b * n + a)!;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dij = dir[i * n + j];
      if (dij === 2) continue;
      for (let k = j + 1; k < n; k++) {
        const djk = dir[j * n + k];
        const dki = dir[k * n + i];
        if (djk === 2 || dki === 2) continue;
        triplesChecked++;
        if (dij === 0 || dij !== djk || djk !== dki) continue;
        // dij = djk = dki = 1: i>j>k>i; = −1: i>k>j>i.
        const models: [number, number, number] = dij === 1 ? [i, j, k] : [i, k, j];
        const es: [PairEdge, PairEdge, PairEdge] = [
          edge(models[0], models[1]),
          edge(models[1], models[2]),
          edge(models[2], models[0]),
        ];
        const significant = es.every((e) => e.pValue < alpha);
        cycleCount++;
        if (significant) significantCycleCount++;
        cycles.push({ models, edges: es, significant });
      }
    }
  }
  const weakest = (c: IntransitiveTriple) => Math.max(c.edges[0].pValue, c.edges[1].pValue, c.edges[2].pValue);
  cycles.sort((a, b) => Number(b.significant) - Number(a.significant) || weakest(a) - weakest(b));
  return {
    minPairVotes,
    alpha,
    pairsChecked,
    triplesChecked,
    cycleCount,
    significantCycleCount,
    cycles: cycles.slice(0, maxCycles),
    pairsCompared,
    disagreements,
    disagreementShare: ratings && pairsCompared > 0 ? disagreements.length / pairsCompared : NaN,
  };
}
