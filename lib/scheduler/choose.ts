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

type PromptsOfPair = { prompts: Int32Array; cumulative: Float64Array };

/** Prompts per model pair and language with cumulative preference weights, for O(log n) sampling. */
export type Catalogue = {
  modelCount: number;
  /** byPair[pairIndex][language index] (undefined when no prompt). */
  byPair: (PromptsOfPair | undefined)[][];
};

export function buildCatalogue(modelCount: number, entries: Iterable<CatalogueEntry>, dissimilarityWeight: number): Catalogue {
  const pairCount = (modelCount * (modelCount - 1)) / 2;
  const lists: { prompts: number[]; weights: number[] }[][] = Array.from({ length: pairCount }, () => languageCodes.map(() => ({ prompts: [], weights: [] })));
  for (const e of entries) {
    if (e.i === e.j || e.i < 0 || e.j < 0 || e.i >= modelCount || e.j >= modelCount) continue;
    const list = lists[pairIndex(modelCount, e.i, e.j)]![languageCodes.indexOf(e.language)]!;
    list.prompts.push(e.prompt);
    list.weights.push(promptPreference(e.dissimilarity, dissimilarityWeight));
  }
  const byPair = lists.map((perLanguage) =>
    perLanguage.map(({ prompts, weights }) => {
      if (prompts.length === 0) return undefined;
      const cumulative = new Float64Array(weights.length);
      let sum = 0;
      weights.forEach((w, k) => (cumulative[k] = sum += w));
      return { prompts: Int32Array.from(prompts), cumulative };
    }),
  );
  return { modelCount, byPair };
}

/** Index k with cumulative[k−1] ≤ u·total < cumulative[k] (binary search). */
export function sampleCumulative(cumulative: Float64Array, u: number): number {
  const target = u * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export type Choice = { prompt: number; i: number; j: number; pair: number };

export type ChooseOptions = {
  languages: readonly LanguageCode[];
  /** Weight per pair index (pairIndex(n, i, j)); pairs without prompts in the languages are skipped. */
  pairWeights: ArrayLike<number>;
  /** Distinct candidates wanted, best-first by sampling order. */
  count: number;
  /** Optional: pairs or prompts the caller already knows to be ineligible. */
  exclude?: (choice: Choice) => boolean;
  /** Draws before giving up (default 4 × count). */
  maxDraws?: number;
};

export function chooseBattles(catalogue: Catalogue, rng: UniformSource, options: ChooseOptions): Choice[] {
  const languageIndices = options.languages.map((l) => languageCodes.indexOf(l)).filter((l) => l >= 0);
  const pairCount = catalogue.byPair.length;
  // Stage 1 weights: the pair's information weight if it has prompts in the annotator's languages.
  const pairCumulative = new Float64Array(pairCount);
  let sum = 0;
  for (let p = 0; p < pairCount; p++) {
    const available = languageIndices.some((l) => catalogue.byPair[p]![l] !== undefined);
    const w = available ? Number(options.pairWeights[p] ?? 0) : 0;
    sum += w > 0 ? w : 0;
    pairCumulative[p] = sum;
  }
  const chosen: Choice[] = [];
  if (sum <= 0) return chosen;
  const seen = new Set<string>();
  const n = catalogue.modelCount;
  const maxDraws = options.maxDraws ?? options.count * 4;
  for (let draw = 0; draw < maxDraws && chosen.length < options.count; draw++) {
    const pair = sampleCumulative(pairCumulative, rng.nextDouble());
    const lists = languageIndices.map((l) => catalogue.byPair[pair]![l]).filter((x): x is PromptsOfPair => x !== undefined);
    // Stage 2: the language in proportion to its prompts' total preference, then a prompt.
    let total = 0;
    for (const l of lists) total += l.cumulative[l.cumulative.length - 1]!;
    let u = rng.nextDouble() * total;
    let list = lists[lists.length - 1]!;
    for (const l of lists) {
      const w = l.cumulative[l.cumulative.length - 1]!;
      if (u < w) {
        list = l;
        break;
      }
      u -= w;
    }
    const prompt = list.prompts[sampleCumulative(list.cumulative, rng.nextDouble())]!;
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
