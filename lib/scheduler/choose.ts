// The pure choice: which (prompt, model pair) to offer next. Two stages, each sampled in proportion to a
// weight (never argmax): first a model pair by its information weight (weights.ts), then one of the prompts
// both models answered, in the annotator's languages, by the prompt preference of that pair's answers.
// Nothing here touches the database; the caller checks the hard rules that depend on live data
// (not yet seen by this annotator, models still visible) and takes the first candidate that passes.

import { pairIndex } from "@/lib/ratings";
import { promptPreference } from "./weights";

/** Only what sampling needs: a uniform double in [0, 1). lib/ratings createRandom(seed) fits. */
export type UniformSource = { nextDouble(): number };

export const languageCodes = ["ar", "en"] as const;
export type LanguageCode = (typeof languageCodes)[number];

export type CatalogueEntry = {
  /** Index of the prompt in the caller's prompt list. */
  prompt: number;
  language: LanguageCode;
  /** Model indices, i ≠ j (order irrelevant). */
  i: number;
  j: number;
  /** How different the two answers are, [0, 1]; NaN when unknown (treated as 0.5). */
  dissimilarity: number;
};

/**
 * Prompts per model pair and language with cumulative preference weights, for O(log n) sampling. Sparse:
 * only pairs that some prompt can be issued with are stored, so memory grows with the (prompt, pair)
 * entries that can be issued, never with models² per prompt (400 models are 79,800 pairs; a prompt
 * answered by two of them has one).
 */
export type Catalogue = {
  modelCount: number;
  /** Pair indices (pairIndex(n, i, j)) that have at least one prompt, ascending; position = the pair's slot. */
  pairs: Int32Array;
  /** Entries of slot s and language l: [offsets[s·L + l], offsets[s·L + l + 1]) in prompts/cumulative (L = languages). */
  offsets: Int32Array;
  /** Prompt indices, ascending within each (slot, language) segment. */
  prompts: Int32Array;
  /** Running sum of the prompts' preference weights, restarting at each segment. */
  cumulative: Float64Array;
};

const languageCount = languageCodes.length;

export function buildCatalogue(modelCount: number, entries: Iterable<CatalogueEntry>, dissimilarityWeight: number): Catalogue {
  const pairOf: number[] = [];
  const languageOf: number[] = [];
  const promptOf: number[] = [];
  const weightOf: number[] = [];
  for (const e of entries) {
    if (e.i === e.j || e.i < 0 || e.j < 0 || e.i >= modelCount || e.j >= modelCount) continue;
    const language = languageCodes.indexOf(e.language);
    if (language < 0) continue;
    pairOf.push(pairIndex(modelCount, e.i, e.j));
    languageOf.push(language);
    promptOf.push(e.prompt);
    weightOf.push(promptPreference(e.dissimilarity, dissimilarityWeight));
  }
  const order = Int32Array.from(pairOf.keys()).sort((a, b) => pairOf[a]! - pairOf[b]! || languageOf[a]! - languageOf[b]! || promptOf[a]! - promptOf[b]!);
  let slots = 0;
  for (let k = 0; k < order.length; k++) if (k === 0 || pairOf[order[k]!] !== pairOf[order[k - 1]!]) slots++;
  const pairs = new Int32Array(slots);
  const offsets = new Int32Array(slots * languageCount + 1);
  const prompts = new Int32Array(order.length);
  const cumulative = new Float64Array(order.length);
  let slot = -1;
  let segment = -1; // slot · L + language of the entry last written
  let sum = 0;
  for (let k = 0; k < order.length; k++) {
    const e = order[k]!;
    if (slot < 0 || pairOf[e] !== pairs[slot]) pairs[++slot] = pairOf[e]!;
    const at = slot * languageCount + languageOf[e]!;
    if (at !== segment) {
      // Segments skipped since the last entry (a language without prompts) are empty: they start and end here.
      for (let s = segment + 1; s <= at; s++) offsets[s] = k;
      segment = at;
      sum = 0;
    }
    prompts[k] = promptOf[e]!;
    cumulative[k] = sum += weightOf[e]!;
  }
  for (let s = segment + 1; s < offsets.length; s++) offsets[s] = order.length;
  return { modelCount, pairs, offsets, prompts, cumulative };
}

/** Index k with cumulative[k−1] ≤ u·total < cumulative[k] (binary search). */
export function sampleCumulative(cumulative: Float64Array, u: number): number {
  return sampleRange(cumulative, 0, cumulative.length, u);
}

// The same within [start, end) of a segmented running sum (the segment's total is cumulative[end − 1]).
function sampleRange(cumulative: Float64Array, start: number, end: number, u: number): number {
  const target = u * cumulative[end - 1]!;
  let lo = start;
  let hi = end - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const segmentTotal = (c: Catalogue, at: number) => (c.offsets[at + 1]! > c.offsets[at]! ? c.cumulative[c.offsets[at + 1]! - 1]! : 0);

/** The preference weight the catalogue holds for (prompt, pair), or undefined when that pair cannot be issued with it. */
export function promptWeightOf(catalogue: Catalogue, prompt: number, pair: number): number | undefined {
  const { pairs, offsets, prompts, cumulative } = catalogue;
  let lo = 0;
  let hi = pairs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (pairs[mid]! < pair) lo = mid + 1;
    else if (pairs[mid]! > pair) hi = mid - 1;
    else {
      for (let l = 0; l < languageCount; l++) {
        const start = offsets[mid * languageCount + l]!;
        let a = start;
        let b = offsets[mid * languageCount + l + 1]! - 1;
        while (a <= b) {
          const m = (a + b) >>> 1;
          if (prompts[m]! < prompt) a = m + 1;
          else if (prompts[m]! > prompt) b = m - 1;
          else return cumulative[m]! - (m > start ? cumulative[m - 1]! : 0);
        }
      }
      return undefined;
    }
  }
  return undefined;
}

export type Choice = { prompt: number; i: number; j: number; pair: number };

export type ChooseOptions = {
  languages: readonly LanguageCode[];
  /**
   * Weight per pair index (pairIndex(n, i, j)); pairs without prompts in the languages are skipped.
   * Replace the array to change weights, never mutate it: sums over it are cached by its identity.
   */
  pairWeights: ArrayLike<number>;
  /** Distinct candidates wanted, best-first by sampling order. */
  count: number;
  /** Optional: pairs or prompts the caller already knows to be ineligible. */
  exclude?: (choice: Choice) => boolean;
  /** Draws before giving up (default 4 × count). */
  maxDraws?: number;
};

// Stage 1's running sum over the catalogue's slots depends only on the catalogue, the weights and the
// languages, which change every few seconds at most: it is built once per combination, so a request costs
// O(log pairs) per draw instead of a pass over every pair.
const slotWeightCache = new WeakMap<Catalogue, { weights: ArrayLike<number>; byLanguages: Map<string, { cumulative: Float64Array; sum: number }> }>();

function slotCumulative(catalogue: Catalogue, pairWeights: ArrayLike<number>, languageIndices: number[]): { cumulative: Float64Array; sum: number } {
  let cached = slotWeightCache.get(catalogue);
  if (!cached || cached.weights !== pairWeights) {
    cached = { weights: pairWeights, byLanguages: new Map() };
    slotWeightCache.set(catalogue, cached);
  }
  const key = languageIndices.join(",");
  let entry = cached.byLanguages.get(key);
  if (!entry) {
    const slots = catalogue.pairs.length;
    const cumulative = new Float64Array(slots);
    let sum = 0;
    for (let s = 0; s < slots; s++) {
      const available = languageIndices.some((l) => segmentTotal(catalogue, s * languageCount + l) > 0);
      const w = available ? Number(pairWeights[catalogue.pairs[s]!] ?? 0) : 0;
      sum += w > 0 ? w : 0;
      cumulative[s] = sum;
    }
    entry = { cumulative, sum };
    cached.byLanguages.set(key, entry);
  }
  return entry;
}

export function chooseBattles(catalogue: Catalogue, rng: UniformSource, options: ChooseOptions): Choice[] {
  const languageIndices = [...new Set(options.languages.map((l) => languageCodes.indexOf(l)).filter((l) => l >= 0))].sort();
  // Stage 1 weights: the pair's information weight if it has prompts in the annotator's languages.
  const { cumulative: slotCumulativeWeights, sum } = slotCumulative(catalogue, options.pairWeights, languageIndices);
  const chosen: Choice[] = [];
  if (sum <= 0) return chosen;
  const seen = new Set<string>();
  const n = catalogue.modelCount;
  const maxDraws = options.maxDraws ?? options.count * 4;
  for (let draw = 0; draw < maxDraws && chosen.length < options.count; draw++) {
    const slot = sampleCumulative(slotCumulativeWeights, rng.nextDouble());
    const pair = catalogue.pairs[slot]!;
    const segments = languageIndices.map((l) => slot * languageCount + l).filter((at) => segmentTotal(catalogue, at) > 0);
    // Stage 2: the language in proportion to its prompts' total preference, then a prompt.
    let total = 0;
    for (const at of segments) total += segmentTotal(catalogue, at);
    let u = rng.nextDouble() * total;
    let segment = segments[segments.length - 1]!;
    for (const at of segments) {
      const w = segmentTotal(catalogue, at);
      if (u < w) {
        segment = at;
        break;
      }
      u -= w;
    }
    const prompt = catalogue.prompts[sampleRange(catalogue.cumulative, catalogue.offsets[segment]!, catalogue.offsets[segment + 1]!, rng.nextDouble())]!;
    const { i, j } = pairMembers(n, pair);
    const choice = { prompt, i, j, pair };
    const key = `${prompt}:${pair}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (options.exclude?.(choice)) continue;
    chosen.push(choice);
  }
  return chosen;
}

/**
 * Candidates drawn uniformly over the catalogue's (prompt, pair) entries in the annotator's languages, whatever
 * the weights, skipping excluded and repeated ones: what to offer when chooseBattles came back short because
 * every prompt of the pairs it favours is excluded (an annotator who has seen them all). The caller orders them.
 */
export function chooseUniformly(catalogue: Catalogue, rng: UniformSource, options: Omit<ChooseOptions, "pairWeights">): Choice[] {
  const total = catalogue.prompts.length;
  const languageIndices = new Set(options.languages.map((l) => languageCodes.indexOf(l)));
  const chosen: Choice[] = [];
  const drawn = new Set<number>();
  const maxDraws = options.maxDraws ?? options.count * 8;
  for (let draw = 0; draw < maxDraws && chosen.length < options.count && total > 0; draw++) {
    const k = Math.floor(rng.nextDouble() * total);
    if (drawn.has(k)) continue;
    drawn.add(k);
    const segment = segmentOf(catalogue.offsets, k);
    if (!languageIndices.has(segment % languageCount)) continue;
    const pair = catalogue.pairs[Math.floor(segment / languageCount)]!;
    const choice = { prompt: catalogue.prompts[k]!, ...pairMembers(catalogue.modelCount, pair), pair };
    if (options.exclude?.(choice)) continue;
    chosen.push(choice);
  }
  return chosen;
}

// The (slot, language) segment holding entry k: the last s with offsets[s] ≤ k (empty segments end where they start).
function segmentOf(offsets: Int32Array, k: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (offsets[mid]! <= k) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Inverse of pairIndex: the models (i < j) of pair p among n. */
export function pairMembers(n: number, p: number): { i: number; j: number } {
  let i = 0;
  let rowStart = 0;
  while (rowStart + (n - 1 - i) <= p) {
    rowStart += n - 1 - i;
    i++;
  }
  return { i, j: i + 1 + (p - rowStart) };
}

/** Gold and overlap are drawn before the ordinary choice, with the campaign's rates. */
export type IssueKind = "gold" | "overlap" | "regular";

export function drawIssueKind(rng: UniformSource, goldRate: number, overlapRate: number): IssueKind {
  const u = rng.nextDouble();
  const gold = Math.min(1, Math.max(0, goldRate || 0));
  const overlap = Math.min(1 - gold, Math.max(0, overlapRate || 0));
  if (u < gold) return "gold";
  if (u < gold + overlap) return "overlap";
  return "regular";
}
