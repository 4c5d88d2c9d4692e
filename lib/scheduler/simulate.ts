// In-memory simulation of annotators voting by known model strengths, to measure the scheduler against
// uniform random pairing on the same budget (npm run bench:scheduler). Pure: no database. The scheduler
// strategies call schedulerWeights, the same function as the app (lib/server/battles/scheduler-state.ts).
//
// Outcome model for one battle between models i and j on a prompt whose answers differ by d ∈ [0, 1]:
//   P(tie) = tieBase + tieSlope·(1 − d)        (similar answers end in ties more often)
//   otherwise i wins with the Bradley–Terry probability of the true ratings.
// "Resolved" (the accuracy target): the five highest estimated ratings are the true top five in the true
// order AND the 95% bootstrap intervals of each two adjacent models among them are disjoint
// (ciLow(rank k) > ciHigh(rank k+1) for k = 1..4). Checked every `checkEvery` votes with `checkRounds`
// bootstrap rounds (fewer than the leaderboard's 1000, to keep the simulation fast).

import { type PairCounts, OUTCOME_A, OUTCOME_B, OUTCOME_TIE, addVotes, bootstrapRatings, createRandom, emptyCounts, fitBradleyTerry, orderByRating, pairIndex, winProbability } from "@/lib/ratings";
import { type CatalogueEntry, type LanguageCode, buildCatalogue, chooseBattles } from "./choose";
import { pairsFromCounts, schedulerWeights, standingsFromCounts } from "./standings";
import { pairWeights } from "./weights";

/**
 * scheduler: schedulerWeights (the app's) with prompt priority; scheduler-no-dissimilarity: the same without
 * prompt priority; overlap-weights: the previous rule (pairWeights alone, with prompt priority), for comparison;
 * uniform: every pair and prompt alike.
 */
export type Strategy = "scheduler" | "scheduler-no-dissimilarity" | "overlap-weights" | "uniform";

export type SimulationOptions = {
  strategy: Strategy;
  seed: number;
  trueRatings: readonly number[];
  prompts?: number;
  annotators?: number;
  maxVotes?: number;
  /** Pair weights are recomputed this often (the server caches them for a few seconds). */
  refreshEvery?: number;
  checkEvery?: number;
  checkRounds?: number;
  /** Mean interval width is recorded when the vote count reaches this. */
  widthAt?: number;
  tieBase?: number;
  tieSlope?: number;
  dissimilarityWeight?: number;
  topK?: number;
  /** The scheduler's focus (schedulerWeights focusTop); default topK. */
  focusTop?: number;
  /** Vote counts at which the state is recorded (top-k order right; right and separated). */
  budgets?: readonly number[];
};

/** The state after a fixed number of votes: a snapshot, unlike the first time a check passed (which flickers). */
export type BudgetState = {
  votes: number;
  topKCorrect: boolean;
  resolved: boolean;
  /** min over the true top-k's adjacent models of ciLow(upper) − ciHigh(lower), rating points (> 0: all apart). */
  margin: number;
};

export type SimulationResult = {
  strategy: Strategy;
  seed: number;
  /** Votes until resolved; null when maxVotes ran out first. */
  votesToResolve: number | null;
  /** Mean 95% interval width over all models, and over the true top-k, after `widthAt` votes. */
  ciWidthAll: number;
  ciWidthTop: number;
  /** Share of votes that were ties (over all votes cast). */
  tieRate: number;
  votesCast: number;
  atBudgets: BudgetState[];
};

export function isResolved(
  counts: PairCounts,
  trueRatings: readonly number[],
  topK: number,
  rounds: number,
  seed: number,
): { resolved: boolean; topKCorrect: boolean; margin: number; ci: { low: Float64Array; high: Float64Array } } {
  const fit = fitBradleyTerry(counts);
  const ci = bootstrapRatings(counts, { rounds, seed });
  const estimated = orderByRating(fit.ratings);
  const truth = orderByRating(trueRatings);
  let topKCorrect = true;
  for (let k = 0; k < topK && topKCorrect; k++) if (estimated[k] !== truth[k]) topKCorrect = false;
  let resolved = topKCorrect;
  for (let k = 0; k + 1 < topK && resolved; k++) {
    const upper = estimated[k]!;
    const lower = estimated[k + 1]!;
    if (!(ci.ciLow[upper]! > ci.ciHigh[lower]!)) resolved = false;
  }
  let margin = Number.POSITIVE_INFINITY;
  for (let k = 0; k + 1 < topK; k++) margin = Math.min(margin, ci.ciLow[truth[k]!]! - ci.ciHigh[truth[k + 1]!]!);
  return { resolved, topKCorrect, margin, ci: { low: ci.ciLow, high: ci.ciHigh } };
}

export function simulate(options: SimulationOptions): SimulationResult {
  const n = options.trueRatings.length;
  const promptCount = options.prompts ?? 400;
  const annotatorCount = options.annotators ?? 60;
  const maxVotes = options.maxVotes ?? 60_000;
  const refreshEvery = options.refreshEvery ?? 100;
  const checkEvery = options.checkEvery ?? 250;
  const checkRounds = options.checkRounds ?? 200;
  const widthAt = options.widthAt ?? 3_000;
  const tieBase = options.tieBase ?? 0.05;
  const tieSlope = options.tieSlope ?? 0.35;
  const topK = options.topK ?? 5;
  const rng = createRandom(options.seed);
  // The world (prompts and how different each pair's answers are) depends on the seed only, so every
  // strategy meets the same prompts; the strategy's own draws use a separate stream.
  const world = createRandom(options.seed * 7919 + 17);
  const pairCount = (n * (n - 1)) / 2;
  const dissimilarity = new Float64Array(promptCount * pairCount);
  for (let k = 0; k < dissimilarity.length; k++) dissimilarity[k] = world.nextDouble();
  const entries: CatalogueEntry[] = [];
  for (let prompt = 0; prompt < promptCount; prompt++) {
    const language: LanguageCode = prompt % 2 === 0 ? "ar" : "en";
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) entries.push({ prompt, language, i, j, dissimilarity: dissimilarity[prompt * pairCount + pairIndex(n, i, j)]! });
  }
  const useDissimilarity = options.strategy === "scheduler" || options.strategy === "overlap-weights";
  const focusTop = options.focusTop ?? topK;
  const catalogue = buildCatalogue(n, entries, useDissimilarity ? (options.dissimilarityWeight ?? 1) : 0);
  const seen = Array.from({ length: annotatorCount }, () => new Set<number>());
  const counts = emptyCounts(n);
  let weights: ArrayLike<number> = new Float64Array(pairCount).fill(1);
  let ties = 0;
  let votesToResolve: number | null = null;
  let ciWidthAll = NaN;
  let ciWidthTop = NaN;
  const truthTop = orderByRating(options.trueRatings).slice(0, topK);
  const budgets = [...(options.budgets ?? [])].sort((a, b) => a - b);
  const atBudgets: BudgetState[] = [];
  let votes = 0;
  for (; votes < maxVotes; ) {
    if (options.strategy !== "uniform" && votes % refreshEvery === 0 && votes > 0) {
      weights =
        options.strategy === "overlap-weights"
          ? pairWeights(standingsFromCounts(counts, { seed: votes }), pairsFromCounts(counts))
          : schedulerWeights(counts, { seed: votes, focusTop });
    }
    const annotator = votes % annotatorCount;
    const [choice] = chooseBattles(catalogue, rng, {
      languages: ["ar", "en"],
      pairWeights: weights,
      count: 1,
      maxDraws: 50,
      exclude: (c) => seen[annotator]!.has(c.prompt * pairCount + c.pair),
    });
    if (!choice) break;
    seen[annotator]!.add(choice.prompt * pairCount + choice.pair);
    const d = dissimilarity[choice.prompt * pairCount + choice.pair]!;
    const u = rng.nextDouble();
    const pTie = Math.min(1, tieBase + tieSlope * (1 - d));
    let outcome: number;
    if (u < pTie) {
      outcome = OUTCOME_TIE;
      ties++;
    } else {
      const pI = winProbability(options.trueRatings[choice.i]!, options.trueRatings[choice.j]!);
      outcome = rng.nextDouble() < pI ? OUTCOME_A : OUTCOME_B;
    }
    addVotes(counts, choice.i, choice.j, outcome);
    votes++;
    if (votes === widthAt) {
      const ci = bootstrapRatings(counts, { rounds: checkRounds, seed: votes });
      let all = 0;
      for (let m = 0; m < n; m++) all += ci.ciHigh[m]! - ci.ciLow[m]!;
      ciWidthAll = all / n;
      ciWidthTop = truthTop.reduce((s, m) => s + ci.ciHigh[m]! - ci.ciLow[m]!, 0) / topK;
    }
    if (budgets.includes(votes)) {
      const { resolved, topKCorrect, margin } = isResolved(counts, options.trueRatings, topK, checkRounds, votes);
      atBudgets.push({ votes, topKCorrect, resolved, margin });
      if (votes === budgets.at(-1)) break;
    }
    if (votesToResolve === null && votes % checkEvery === 0 && isResolved(counts, options.trueRatings, topK, checkRounds, votes).resolved) {
      votesToResolve = votes;
      if (votes >= widthAt && budgets.length === 0) break;
    }
  }
  return { strategy: options.strategy, seed: options.seed, votesToResolve, ciWidthAll, ciWidthTop, tieRate: votes > 0 ? ties / votes : NaN, votesCast: votes, atBudgets };
}
