// Online Elo in vote order, and Elo averaged over random vote orders ("Elo Uncovered": online Elo depends on
// order and K; the permutation mean and spread make that visible next to Bradley–Terry).
// Update (FastChat compute_elo): E_a = 1 / (1 + base^((R_b − R_a)/scale)); R_a += K(S_a − E_a); R_b −= K(S_a − E_a)
// with S_a = 1, 0, or ½ for tie-like votes (or the vote skipped when its tie policy is "drop").

import { OUTCOME_A, OUTCOME_B, OUTCOME_BOTH_BAD, OUTCOME_TIE, type TieOptions } from "./counts";
import { createRandom, type Random } from "./random";

export interface VoteSequence {
  modelA: Int32Array;
  modelB: Int32Array;
  /** OUTCOME_A | OUTCOME_B | OUTCOME_TIE | OUTCOME_BOTH_BAD */
  outcome: Uint8Array;
}

export interface EloOptions extends TieOptions {
  /** Default 4. */
  k?: number;
  /** Default 1000. */
  init?: number;
  /** Default 400. */
  scale?: number;
  /** Default 10. */
  base?: number;
}

export interface PermutedEloOptions extends EloOptions {
  /** Number of random orders. Default 100. */
  permutations?: number;
  /** Default 1. */
  seed?: number;
}

export interface PermutedElo {
  permutations: number;
  mean: Float64Array;
  /** Sample standard deviation over permutations (n − 1 denominator; 0 with one permutation). */
  sd: Float64Array;
}

// Packed vote: a | b << 14 | score code << 28, score code 0 = A won, 1 = B won, 2 = half. One 32-bit word per
// vote lets a permutation shuffle and scan a single contiguous array (cache friendly).
const MODEL_BITS = 14;
const MAX_PACKED_MODELS = 1 << MODEL_BITS;
const MODEL_MASK = MAX_PACKED_MODELS - 1;
const SCORE_OF_CODE = Float64Array.of(1, 0, 0.5);

function scoreCode(o: number, keepTies: boolean, keepBothBad: boolean): number {
  if (o === OUTCOME_A) return 0;
  if (o === OUTCOME_B) return 1;
  if (o === OUTCOME_TIE) return keepTies ? 2 : -1;
  if (o === OUTCOME_BOTH_BAD) return keepBothBad ? 2 : -1;
  return -1;
}

function validVote(a: number, b: number, n: number): boolean {
  return a >= 0 && b >= 0 && a < n && b < n && a !== b;
}

/** Online Elo over the votes in order. Models without votes keep `init`. Invalid votes are skipped. */
export function onlineElo(votes: VoteSequence, n: number, options: EloOptions = {}): Float64Array {
  const { modelA, modelB, outcome } = votes;
  const k = options.k ?? 4;
  const c = Math.log(options.base ?? 10) / (options.scale ?? 400); // base^(x/scale) = e^{c·x}
  // S_a per outcome code; −1 marks a dropped outcome. Codes above 3 are skipped.
  const scoreOf = Float64Array.of(
    1,
    0,
    (options.ties ?? "half") === "half" ? 0.5 : -1,
    (options.bothBad ?? "half") === "half" ? 0.5 : -1,
  );
  const rating = new Float64Array(n).fill(options.init ?? 1000);
  for (let v = 0; v < modelA.length; v++) {
    const a = modelA[v];
    const b = modelB[v];
    const o = outcome[v];
    if (a === b || a < 0 || b < 0 || a >= n || b >= n || o > 3) continue;
    const sa = scoreOf[o];
    if (sa < 0) continue;
    const ea = 1 / (1 + Math.exp(c * (rating[b] - rating[a])));
    const d = k * (sa - ea);
    rating[a] += d;
    rating[b] -= d;
  }
  return rating;
}

/** Elo over `permutations` uniformly random orders of the votes (Fisher–Yates, seeded): mean and sd per model. */
export function permutedElo(votes: VoteSequence, n: number, options: PermutedEloOptions = {}): PermutedElo {
  const permutations = options.permutations ?? 100;
  if (!Number.isInteger(permutations) || permutations < 1) {
    throw new RangeError(`permutations must be a positive integer, got ${permutations}`);
  }
  const rng = createRandom(options.seed ?? 1);
  const sum = new Float64Array(n);
  const sumSq = new Float64Array(n);
  const rating = new Float64Array(n);
  const k = options.k ?? 4;
  const init = options.init ?? 1000;
  const c = Math.log(options.base ?? 10) / (options.scale ?? 400);

  if (n <= MAX_PACKED_MODELS) {
    const packed = packVotes(votes, n, options);
    const order = new Uint32Array(packed.length);
    for (let r = 0; r < permutations; r++) {
      order.set(packed); // every permutation starts from the canonical order
      shuffleUint32(rng, order);
      rating.fill(init);
      eloPassPacked(order, rating, k, c);
      accumulate(rating, sum, sumSq);
    }
  } else {
    // Many models: shuffle indices instead of packed words, starting from a canonical (sorted) order.
    const canonical = Array.from(votes.modelA, (_, i) => i).sort(
      (x, y) =>
        votes.modelA[x] - votes.modelA[y] || votes.modelB[x] - votes.modelB[y] || votes.outcome[x] - votes.outcome[y],
    );
    const index = new Int32Array(votes.modelA.length);
    const seq: VoteSequence = {
      modelA: new Int32Array(index.length),
      modelB: new Int32Array(index.length),
      outcome: new Uint8Array(index.length),
    };
    for (let r = 0; r < permutations; r++) {
      for (let i = 0; i < index.length; i++) index[i] = canonical[i];
      shuffleInt32(rng, index);
      for (let i = 0; i < index.length; i++) {
        seq.modelA[i] = votes.modelA[index[i]];
        seq.modelB[i] = votes.modelB[index[i]];
        seq.outcome[i] = votes.outcome[index[i]];
      }
      rating.set(onlineElo(seq, n, options));
      accumulate(rating, sum, sumSq);
    }
  }

  const mean = new Float64Array(n);
  const sd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mean[i] = sum[i] / permutations;
    // sd = sqrt(Σ(x − x̄)² / (P − 1)), via sums (ratings ~1000 with sd ≪ 1000: cancellation is harmless here
    // because we subtract init first in accumulate).
    const m = mean[i] - init;
    const varSum = sumSq[i] - permutations * m * m;
    sd[i] = permutations > 1 ? Math.sqrt(Math.max(0, varSum) / (permutations - 1)) : 0;
  }
  return { permutations, mean, sd };

  function accumulate(r: Float64Array, s: Float64Array, ss: Float64Array): void {
    for (let i = 0; i < n; i++) {
      s[i] += r[i];
      const x = r[i] - init;
      ss[i] += x * x;
    }
  }
}

function packVotes(votes: VoteSequence, n: number, options: TieOptions): Uint32Array {
  const keepTies = (options.ties ?? "half") === "half";
  const keepBothBad = (options.bothBad ?? "half") === "half";
  const { modelA, modelB, outcome } = votes;
  const out = new Uint32Array(modelA.length);
  let len = 0;
  for (let v = 0; v < modelA.length; v++) {
    const a = modelA[v];
    const b = modelB[v];
    if (!validVote(a, b, n)) continue;
    const code = scoreCode(outcome[v], keepTies, keepBothBad);
    if (code < 0) continue;
    out[len++] = (a | (b << MODEL_BITS) | (code << 28)) >>> 0;
  }
  // Canonical order (numeric sort of the packed words): the permutations then depend only on the multiset of
  // votes and the seed, not on the order the caller passed them in.
  return out.slice(0, len).sort();
}

// Separate monomorphic functions so V8 optimises each hot loop on its own.
function eloPassPacked(order: Uint32Array, rating: Float64Array, k: number, c: number): void {
  for (let v = 0; v < order.length; v++) {
    const w = order[v];
    const a = w & MODEL_MASK;
    const b = (w >>> MODEL_BITS) & MODEL_MASK;
    const sa = SCORE_OF_CODE[w >>> 28]; // table lookup: outcome branches are unpredictable
    const ea = 1 / (1 + Math.exp(c * (rating[b] - rating[a])));
    const d = k * (sa - ea);
    rating[a] += d;
    rating[b] -= d;
  }
}

function shuffleUint32(rng: Random, a: Uint32Array): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

function shuffleInt32(rng: Random, a: Int32Array): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
