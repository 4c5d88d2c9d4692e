// Votes reduced to counts per unordered model pair and outcome. Everything downstream (Bradley–Terry,
// bootstrap, transitivity, win rates) reads only these counts, so its cost grows with models², not votes.
// Side A/B is folded away on purpose: swapping sides must not change any rating.

/** Outcome codes used in typed-array vote sequences. */
export const OUTCOME_A = 0; // model A is better
export const OUTCOME_B = 1; // model B is better
export const OUTCOME_TIE = 2;
export const OUTCOME_BOTH_BAD = 3;

export type OutcomeName = "a" | "b" | "tie" | "bothbad";

/** "half": the outcome counts as half a win for each side; "drop": the vote is excluded entirely. */
export type TiePolicy = "half" | "drop";

export interface TieOptions {
  /** How plain ties count. Default "half". */
  ties?: TiePolicy;
  /** How "both bad" votes count. Default "half" (a tie). */
  bothBad?: TiePolicy;
}

/**
 * Counts over the n(n−1)/2 unordered pairs i<j, laid out row by row: pair p ↔ (pairI[p], pairJ[p]).
 * Cells are Float64 so weighted counts are allowed; integer counts are needed for the bootstrap.
 */
export interface PairCounts {
  readonly n: number;
  readonly pairI: Int32Array;
  readonly pairJ: Int32Array;
  /** Votes where model pairI[p] was better. */
  readonly winsI: Float64Array;
  /** Votes where model pairJ[p] was better. */
  readonly winsJ: Float64Array;
  readonly ties: Float64Array;
  readonly bothBad: Float64Array;
  /** Votes not counted: same model on both sides, model index out of range, or unknown outcome. */
  skipped: number;
}

/** Index of unordered pair (i, j), i ≠ j: rows of the strict upper triangle. */
export function pairIndex(n: number, i: number, j: number): number {
  if (i > j) {
    const t = i;
    i = j;
    j = t;
  }
  // p = Σ_{r<i} (n−1−r) + (j − i − 1)
  return i * (2 * n - i - 1) / 2 + (j - i - 1);
}

/** All-zero counts for n models. */
export function emptyCounts(n: number): PairCounts {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`model count must be a non-negative integer, got ${n}`);
  const pairs = (n * (n - 1)) / 2;
  const pairI = new Int32Array(pairs);
  const pairJ = new Int32Array(pairs);
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      pairI[p] = i;
      pairJ[p] = j;
      p++;
    }
  }
  return {
    n,
    pairI,
    pairJ,
    winsI: new Float64Array(pairs),
    winsJ: new Float64Array(pairs),
    ties: new Float64Array(pairs),
    bothBad: new Float64Array(pairs),
    skipped: 0,
  };
}

/** Add `count` votes of one outcome between models a (side A) and b (side B). Returns false if skipped. */
export function addVotes(counts: PairCounts, a: number, b: number, outcome: number, count = 1): boolean {
  const n = counts.n;
  if (!(a >= 0 && a < n && b >= 0 && b < n && a !== b && Number.isInteger(a) && Number.isInteger(b))) {
    counts.skipped += count;
    return false;
  }
  const p = pairIndex(n, a, b);
  const aIsI = a < b;
  switch (outcome) {
    case OUTCOME_A:
      if (aIsI) counts.winsI[p] += count;
      else counts.winsJ[p] += count;
      return true;
    case OUTCOME_B:
      if (aIsI) counts.winsJ[p] += count;
      else counts.winsI[p] += count;
      return true;
    case OUTCOME_TIE:
      counts.ties[p] += count;
      return true;
    case OUTCOME_BOTH_BAD:
      counts.bothBad[p] += count;
      return true;
    default:
      counts.skipped += count;
      return false;
  }
}

/**
 * One pass over a vote sequence in typed arrays (the hot path for raw votes: ~10 ms per million).
 * Votes with a === b, an index outside [0, n) or an outcome code > 3 are counted in `skipped`.
 */
export function aggregateVotes(modelA: Int32Array, modelB: Int32Array, outcome: Uint8Array, n: number): PairCounts {
  const len = modelA.length;
  if (modelB.length !== len || outcome.length !== len) {
    throw new RangeError(`vote arrays differ in length: ${len}, ${modelB.length}, ${outcome.length}`);
  }
  const counts = emptyCounts(n);
  // Flat cells: 4 per pair, [winsI, winsJ, ties, bothBad], filled then split, so the loop touches one array.
  const cells = new Float64Array(counts.winsI.length * 4);
  const rowStart = new Int32Array(n);
  for (let i = 0; i < n; i++) rowStart[i] = (i * (2 * n - i - 1)) / 2 - i - 1;
  let skipped = 0;
  for (let v = 0; v < len; v++) {
    const a = modelA[v];
    const b = modelB[v];
    const o = outcome[v];
    if (a === b || a < 0 || b < 0 || a >= n || b >= n || o > 3) {
      skipped++;
      continue;
    }
    let cell: number;
    if (a < b) {
      cell = (rowStart[a] + b) * 4;
      cell += o; // A wins → winsI (i = a), B wins → winsJ
    } else {
      cell = (rowStart[b] + a) * 4;
      cell += o === OUTCOME_A ? 1 : o === OUTCOME_B ? 0 : o; // sides swapped
    }
    cells[cell] += 1;
  }
  const { winsI, winsJ, ties, bothBad } = counts;
  for (let p = 0, c = 0; p < winsI.length; p++, c += 4) {
    winsI[p] = cells[c];
    winsJ[p] = cells[c + 1];
    ties[p] = cells[c + 2];
    bothBad[p] = cells[c + 3];
  }
  counts.skipped = skipped;
  return counts;
}

/** One row of a SQL `GROUP BY model_a, model_b, outcome` with the number of votes. */
export interface VoteCountRow {
  modelA: string;
  modelB: string;
  outcome: OutcomeName | number;
  /** Drivers return COUNT(*) as number, bigint or string. */
  count: number | bigint | string;
}

const OUTCOME_CODES: Record<string, number> = {
  a: OUTCOME_A,
  b: OUTCOME_B,
  tie: OUTCOME_TIE,
  bothbad: OUTCOME_BOTH_BAD,
  both_bad: OUTCOME_BOTH_BAD,
};

/** Outcome name (or code) → code, or −1 when unknown. */
export function outcomeCode(outcome: OutcomeName | string | number): number {
  if (typeof outcome === "number") return Number.isInteger(outcome) && outcome >= 0 && outcome <= 3 ? outcome : -1;
  return OUTCOME_CODES[outcome] ?? -1;
}

/**
 * Counts from pre-aggregated rows (the main entry for the web app). Models are identified by the names in
 * `models` (index = position). Rows naming a model outside `models`, the same model twice, an unknown
 * outcome, or a negative/non-finite count are added to `skipped` (when the count is usable) instead of throwing.
 */
export function countsFromRows(rows: Iterable<VoteCountRow>, models: readonly string[]): PairCounts {
  const index = new Map<string, number>();
  models.forEach((m, i) => {
    if (index.has(m)) throw new RangeError(`duplicate model name: ${m}`);
    index.set(m, i);
  });
  const counts = emptyCounts(models.length);
  for (const row of rows) {
    const count = Number(row.count);
    if (!Number.isFinite(count) || count < 0) {
      throw new RangeError(`invalid vote count ${String(row.count)} for ${row.modelA} vs ${row.modelB}`);
    }
    if (count === 0) continue;
    const a = index.get(row.modelA) ?? -1;
    const b = index.get(row.modelB) ?? -1;
    addVotes(counts, a, b, outcomeCode(row.outcome), count);
  }
  return counts;
}

/** Sorted distinct model names appearing in rows (a convenient `models` argument for countsFromRows). */
export function modelNamesFromRows(rows: Iterable<{ modelA: string; modelB: string }>): string[] {
  const names = new Set<string>();
  for (const r of rows) {
    names.add(r.modelA);
    names.add(r.modelB);
  }
  return [...names].sort();
}

/**
 * Per-pair scores after the tie policy: scoreI = winsI + ½·(kept ties), scoreJ likewise; kept = scoreI + scoreJ
 * (the number of votes that enter the model).
 */
export interface PairScores {
  readonly n: number;
  readonly pairI: Int32Array;
  readonly pairJ: Int32Array;
  readonly scoreI: Float64Array;
  readonly scoreJ: Float64Array;
  /** Kept tie-like votes (ties and/or both-bad), each worth half a win to both sides. */
  readonly draws: Float64Array;
}

export function pairScores(counts: PairCounts, options: TieOptions = {}): PairScores {
  const keepTies = (options.ties ?? "half") === "half";
  const keepBothBad = (options.bothBad ?? "half") === "half";
  const P = counts.winsI.length;
  const scoreI = new Float64Array(P);
  const scoreJ = new Float64Array(P);
  const draws = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    const d = (keepTies ? counts.ties[p] : 0) + (keepBothBad ? counts.bothBad[p] : 0);
    draws[p] = d;
    scoreI[p] = counts.winsI[p] + 0.5 * d;
    scoreJ[p] = counts.winsJ[p] + 0.5 * d;
  }
  return { n: counts.n, pairI: counts.pairI, pairJ: counts.pairJ, scoreI, scoreJ, draws };
}

/** Per-model totals of the votes that enter the model (dropped outcomes excluded). */
export interface ModelTotals {
  /** wins + losses + ties */
  votes: Float64Array;
  wins: Float64Array;
  losses: Float64Array;
  /** Kept tie-like votes (ties, and both-bad unless dropped). */
  ties: Float64Array;
  /** (wins + ½·ties) / votes, NaN without votes: the same score the Bradley–Terry equations balance. */
  winRate: Float64Array;
}

export function modelTotals(counts: PairCounts, options: TieOptions = {}): ModelTotals {
  const s = pairScores(counts, options);
  const n = counts.n;
  const wins = new Float64Array(n);
  const losses = new Float64Array(n);
  const ties = new Float64Array(n);
  for (let p = 0; p < s.scoreI.length; p++) {
    const i = s.pairI[p];
    const j = s.pairJ[p];
    wins[i] += counts.winsI[p];
    losses[i] += counts.winsJ[p];
    wins[j] += counts.winsJ[p];
    losses[j] += counts.winsI[p];
    ties[i] += s.draws[p];
    ties[j] += s.draws[p];
  }
  const votes = new Float64Array(n);
  const winRate = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    votes[i] = wins[i] + losses[i] + ties[i];
    winRate[i] = votes[i] > 0 ? (wins[i] + 0.5 * ties[i]) / votes[i] : NaN;
  }
  return { votes, wins, losses, ties, winRate };
}

/** Total votes in the counts (all outcomes). */
export function totalVotes(counts: PairCounts): number {
  let t = 0;
  for (let p = 0; p < counts.winsI.length; p++) t += counts.winsI[p] + counts.winsJ[p] + counts.ties[p] + counts.bothBad[p];
  return t;
}

/** The counts among a subset of models (new index k ↔ models[k]); votes with any other model are left out. */
export function restrictCounts(counts: PairCounts, models: readonly number[]): PairCounts {
  const sub = emptyCounts(models.length);
  for (let a = 0; a < models.length; a++) {
    for (let b = a + 1; b < models.length; b++) {
      const i = models[a];
      const j = models[b];
      const p = pairIndex(counts.n, i, j);
      const q = pairIndex(models.length, a, b);
      const flipped = i > j; // sub pair (a, b) has a first; the original pair has min(i, j) first
      sub.winsI[q] = flipped ? counts.winsJ[p] : counts.winsI[p];
      sub.winsJ[q] = flipped ? counts.winsI[p] : counts.winsJ[p];
      sub.ties[q] = counts.ties[p];
      sub.bothBad[q] = counts.bothBad[p];
    }
  }
  return sub;
}
