import { describe, expect, it } from "vitest";
import { OUTCOME_A, OUTCOME_B, OUTCOME_BOTH_BAD, OUTCOME_TIE, aggregateVotes } from "./counts";
import { fitBradleyTerry } from "./bradley-terry";
import { createRandom, type Random } from "./random";
import { orderByRating } from "./ranks";
import { simulateStyledVotes } from "./test-helpers";
import {
  STYLE_FEATURE_COUNT,
  buildStyleCells,
  fitStyleControl,
  normalisedDifference,
  pointsPerLogOdds,
  styleControl,
  styleDifferences,
} from "./style-control";

const K = STYLE_FEATURE_COUNT;

/**
 * Independent reference: FastChat's per-vote design (one row per vote, label 1 / 0 / ½), features built from the
 * raw counts here, fitted by plain gradient ascent on the mean log-likelihood. No cells, no Newton.
 */
function referenceStyleFit(votes: { modelA: Int32Array; modelB: Int32Array; outcome: Uint8Array }, countsA: Float64Array, countsB: Float64Array, n: number) {
  const V = votes.modelA.length;
  const x = Array.from({ length: V }, (_, v) => {
    const row: number[] = [];
    for (let k = 0; k < K; k++) row.push((countsA[v * K + k] - countsB[v * K + k]) / (countsA[v * K + k] + countsB[v * K + k] + 1));
    return row;
  });
  for (let k = 0; k < K; k++) {
    const mean = x.reduce((s, r) => s + r[k], 0) / V;
    const sd = Math.sqrt(x.reduce((s, r) => s + (r[k] - mean) ** 2, 0) / V);
    for (const r of x) r[k] = (r[k] - mean) / sd;
  }
  const y = Array.from(votes.outcome, (o) => (o === OUTCOME_A ? 1 : o === OUTCOME_B ? 0 : 0.5));
  const theta = new Array<number>(n).fill(0);
  const beta = new Array<number>(K).fill(0);
  const step = 2; // below 2/L for the mean log-likelihood (L ≤ ¼·max row norm² ≈ ¼·(2 + Σz²))
  for (let iter = 0; iter < 20000; iter++) {
    const gt = new Array<number>(n).fill(0);
    const gb = new Array<number>(K).fill(0);
    for (let v = 0; v < V; v++) {
      const a = votes.modelA[v];
      const b = votes.modelB[v];
      let eta = theta[a] - theta[b];
      for (let k = 0; k < K; k++) eta += beta[k] * x[v][k];
      const r = y[v] - 1 / (1 + Math.exp(-eta));
      gt[a] += r / V;
      gt[b] -= r / V;
      for (let k = 0; k < K; k++) gb[k] += (r * x[v][k]) / V;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) {
      theta[i] += step * gt[i];
      norm = Math.max(norm, Math.abs(gt[i]));
    }
    for (let k = 0; k < K; k++) {
      beta[k] += step * gb[k];
      norm = Math.max(norm, Math.abs(gb[k]));
    }
    if (norm < 1e-10) break;
  }
  const mean = theta.reduce((s, t) => s + t, 0) / n;
  const f = 400 / Math.LN10;
  return { ratings: theta.map((t) => 1000 + (t - mean) * f), coefficientPoints: beta.map((b) => b * f) };
}

describe("normalisedDifference", () => {
  it("is FastChat's (a − b)/(a + b + 1), 0 for two empty responses", () => {
    expect(normalisedDifference(30, 10)).toBeCloseTo(20 / 41, 15);
    expect(normalisedDifference(0, 0)).toBe(0);
    expect(normalisedDifference(0, 5)).toBeCloseTo(-5 / 6, 15);
  });
});

describe("style control", () => {
  it("recovers the true order where a planted length bias fools the raw ranking", () => {
    // True order 0 > 1 > 2 > 3, but the weaker the model the longer it writes.
    const theta = [0.45, 0.3, 0.15, 0];
    const meanTokens = [100, 200, 400, 800];
    const { votes, countsA, countsB } = simulateStyledVotes(createRandom(7), theta, meanTokens, 20000, 1.5);
    const raw = fitBradleyTerry(aggregateVotes(votes.modelA, votes.modelB, votes.outcome, 4));
    expect(orderByRating(raw.ratings)).not.toEqual([0, 1, 2, 3]);
    expect(orderByRating(raw.ratings)[0]).toBe(3); // the longest writer tops the raw table

    const cells = buildStyleCells(votes, styleDifferences(countsA, countsB), 4);
    const fit = fitStyleControl(cells);
    expect(fit.converged).toBe(true);
    expect(orderByRating(fit.ratings)).toEqual([0, 1, 2, 3]);
    // Length is the only planted effect: a large positive coefficient, the markdown ones near 0.
    expect(fit.coefficients[0]).toBeGreaterThan(0.3);
    for (let k = 1; k < K; k++) expect(Math.abs(fit.coefficients[k])).toBeLessThan(0.05);
    // True gaps (0.15 log-odds ≈ 26 points) within sampling error.
    const f = pointsPerLogOdds();
    for (let i = 0; i < 3; i++) expect(fit.ratings[i] - fit.ratings[i + 1]).toBeCloseTo(0.15 * f, -1.3);
  });

  it("matches an independent per-vote logistic regression within 0.5 rating points", () => {
    const theta = [0.5, 0.2, 0, -0.1, -0.4];
    const { votes, countsA, countsB } = simulateStyledVotes(createRandom(11), theta, [300, 150, 500, 250, 600], 3000, 1.0, 0.6);
    const ref = referenceStyleFit(votes, countsA, countsB, 5);
    const fit = fitStyleControl(buildStyleCells(votes, styleDifferences(countsA, countsB), 5));
    for (let k = 0; k < K; k++) expect(Math.abs(fit.coefficientPoints[k] - ref.coefficientPoints[k])).toBeLessThan(0.5);
    for (let i = 0; i < 5; i++) expect(Math.abs(fit.ratings[i] - ref.ratings[i])).toBeLessThan(0.5);
    // And the coefficients are not trivially zero: the planted effects are found.
    expect(fit.coefficientPoints[0]).toBeGreaterThan(20);
    expect(fit.coefficientPoints[3]).toBeGreaterThan(10);
  });

  it("aggregates identical covariates into cells without changing the fit, and binning stays close", () => {
    const rng = createRandom(3);
    const { votes, countsA, countsB } = simulateStyledVotes(rng, [0.3, 0, -0.3], [200, 200, 200], 4000, 0.8);
    // Coarse token counts so many votes share a covariate tuple.
    for (let x = 0; x < countsA.length; x += K) {
      countsA[x] = Math.round(countsA[x] / 100) * 100;
      countsB[x] = Math.round(countsB[x] / 100) * 100;
    }
    const diffs = styleDifferences(countsA, countsB);
    const cells = buildStyleCells(votes, diffs, 3);
    expect(cells.cellI.length).toBeLessThan(votes.modelA.length);
    const exact = fitStyleControl(cells);
    const ref = referenceStyleFit(votes, countsA, countsB, 3);
    for (let i = 0; i < 3; i++) expect(Math.abs(exact.ratings[i] - ref.ratings[i])).toBeLessThan(0.5);
    const binned = fitStyleControl(buildStyleCells(votes, diffs, 3, { binWidth: 0.25 }));
    for (let i = 0; i < 3; i++) expect(Math.abs(binned.ratings[i] - exact.ratings[i])).toBeLessThan(0.5);
    for (let k = 0; k < K; k++) expect(Math.abs(binned.coefficientPoints[k] - exact.coefficientPoints[k])).toBeLessThan(0.5);
  });

  it("does not depend on which side a model sat: swapping A and B in every vote gives the same fit", () => {
    const { votes, countsA, countsB } = simulateStyledVotes(createRandom(5), [0.2, 0, -0.2, 0.1], [100, 300, 200, 400], 3000, 1.0);
    const fit = fitStyleControl(buildStyleCells(votes, styleDifferences(countsA, countsB), 4));
    const swapOutcome = (o: number) => (o === OUTCOME_A ? OUTCOME_B : o === OUTCOME_B ? OUTCOME_A : o);
    const swapped = { modelA: votes.modelB, modelB: votes.modelA, outcome: votes.outcome.map(swapOutcome) };
    const fit2 = fitStyleControl(buildStyleCells(swapped, styleDifferences(countsB, countsA), 4));
    for (let i = 0; i < 4; i++) expect(fit2.ratings[i]).toBeCloseTo(fit.ratings[i], 6);
    for (let k = 0; k < K; k++) expect(fit2.coefficients[k]).toBeCloseTo(fit.coefficients[k], 9);
  });

  it("drops ties and both-bad votes per the tie policy and reports skipped votes", () => {
    const { votes, countsA, countsB } = simulateStyledVotes(createRandom(9), [0.2, 0, -0.2], [100, 300, 200], 2000, 1.0, 0, 0.3);
    const diffs = styleDifferences(countsA, countsB);
    const all = buildStyleCells(votes, diffs, 3);
    const noBothBad = buildStyleCells(votes, diffs, 3, { bothBad: "drop" });
    const bothBad = votes.outcome.filter((o) => o === OUTCOME_BOTH_BAD).length;
    expect(bothBad).toBeGreaterThan(0);
    expect(all.votes).toBe(2000);
    expect(noBothBad.votes).toBe(2000 - bothBad);
    expect(noBothBad.skipped).toBe(bothBad);
  });

  it("bootstraps seeded percentile intervals for ratings and coefficients that cover the planted values", () => {
    const theta = [0.4, 0.2, 0, -0.2, -0.4];
    const { votes, countsA, countsB } = simulateStyledVotes(createRandom(21), theta, [150, 250, 350, 450, 550], 8000, 1.2);
    const cells = buildStyleCells(votes, styleDifferences(countsA, countsB), 5, { binWidth: 0.1 });
    const r = styleControl(cells, { rounds: 200, seed: 4 });
    const again = styleControl(cells, { rounds: 200, seed: 4 });
    expect(Array.from(again.ciLow)).toEqual(Array.from(r.ciLow));
    expect(Array.from(again.coefficientHigh)).toEqual(Array.from(r.coefficientHigh));
    expect(r.roundsNotConverged).toBe(0);
    const f = pointsPerLogOdds();
    let covered = 0;
    for (let i = 0; i < 5; i++) {
      expect(r.ciLow[i]).toBeLessThan(r.ratings[i]);
      expect(r.ciHigh[i]).toBeGreaterThan(r.ratings[i]);
      if (r.ciLow[i] - 1000 < theta[i] * f && r.ciHigh[i] - 1000 > theta[i] * f) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(4); // 95% intervals: one miss in five is ordinary
    // Planted length effect 1.2 per unit normalised difference = 1.2·sd per standard deviation.
    const plantedLength = 1.2 * cells.featureSd[0];
    expect(r.coefficientLow[0]).toBeLessThan(plantedLength);
    expect(r.coefficientHigh[0]).toBeGreaterThan(plantedLength);
    expect(r.coefficientPointsLow[0]).toBeCloseTo(r.coefficientLow[0] * f, 9);
    expect(Array.from(r.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(r.rankBest[0]).toBe(1);
  });

  // Rounds start with the one-step estimator and take their further chord steps on the second-order expansion of
  // the likelihood about the point estimate (no exp per cell). Against the exact refit of the same draws iterated to
  // 1e-10, every round's ratings and coefficients agree within 0.1 rating points, and the interval endpoints within
  // 0.05, on a moderate campaign (20k votes, 10 models, planted length bias) where the one-step estimator alone is
  // ~0.8 points off.
  it("rounds refitted on the expanded likelihood match the exact refit round by round within 0.1 rating points", () => {
    const theta = Array.from({ length: 10 }, (_, i) => (i - 5) * 0.15);
    const meanTokens = Array.from({ length: 10 }, (_, i) => 200 + 40 * (10 - i));
    const { votes, countsA, countsB } = simulateStyledVotes(createRandom(3), theta, meanTokens, 20000, 1.5);
    const cells = buildStyleCells(votes, styleDifferences(countsA, countsB), 10);
    const fast = styleControl(cells, { rounds: 200, seed: 5, keepSamples: true });
    const exact = styleControl(cells, { rounds: 200, seed: 5, keepSamples: true, roundLikelihood: "exact", tolerance: 1e-10 });
    // Most rounds stay within the expansion's conservative range (here ~1 in 9 leave it, exact cells reach |z| ≈ 4,
    // and finish on the exact likelihood); every round is compared.
    expect(fast.roundsExact).toBeLessThan(40);
    expect(fast.roundsNotConverged).toBe(0);
    const points = pointsPerLogOdds();
    const maxDiff = (a: Float64Array, b: Float64Array, scale = 1) => a.reduce((m, x, q) => Math.max(m, Math.abs(x - b[q]) * scale), 0);
    expect(maxDiff(fast.samples!.ratings, exact.samples!.ratings)).toBeLessThan(0.1);
    expect(maxDiff(fast.samples!.coefficients, exact.samples!.coefficients, points)).toBeLessThan(0.1);
    expect(maxDiff(fast.ciLow, exact.ciLow)).toBeLessThan(0.05);
    expect(maxDiff(fast.ciHigh, exact.ciHigh)).toBeLessThan(0.05);
    expect(maxDiff(fast.coefficientPointsLow, exact.coefficientPointsLow)).toBeLessThan(0.05);
    expect(maxDiff(fast.coefficientPointsHigh, exact.coefficientPointsHigh)).toBeLessThan(0.05);
    // The rounds do move: intervals of a few rating points, not a degenerate bootstrap.
    expect(fast.ciHigh[0] - fast.ciLow[0]).toBeGreaterThan(5);
  });

  it("a round that moves a logit past the expansion's range finishes on the exact likelihood", () => {
    const { votes, countsA, countsB } = simulateStyledVotes(createRandom(4), [0.4, 0, -0.4], [150, 300, 450], 300, 1.0);
    const cells = buildStyleCells(votes, styleDifferences(countsA, countsB), 3);
    const fast = styleControl(cells, { rounds: 100, seed: 2, keepSamples: true });
    const exact = styleControl(cells, { rounds: 100, seed: 2, keepSamples: true, roundLikelihood: "exact", tolerance: 1e-10 });
    expect(fast.roundsExact).toBeGreaterThan(0);
    const maxDiff = fast.samples!.ratings.reduce((m, x, q) => Math.max(m, Math.abs(x - exact.samples!.ratings[q])), 0);
    expect(maxDiff).toBeLessThan(0.5);
  });
});
