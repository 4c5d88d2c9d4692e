import { describe, expect, it } from "vitest";
import { aggregateVotes, countsFromRows, pairScores, type VoteCountRow } from "./counts";
import { fitBradleyTerry } from "./bradley-terry";
import { createRandom, shuffleInPlace } from "./random";
import { simulateVotes } from "./test-helpers";

const rows = (list: [string, string, VoteCountRow["outcome"], number][]): VoteCountRow[] =>
  list.map(([modelA, modelB, outcome, count]) => ({ modelA, modelB, outcome, count }));

// Independent reference in FastChat's form: logistic regression on expanded rows in log10 units
// (X = ±ln 10, decisive wins weight 2, each tie weight 1 in both directions, both row orders), plain gradient
// ascent from zero, rating = 400·coef + 1000. Deliberately shares no code with the Newton solver.
function fastChatReference(models: string[], data: VoteCountRow[]): number[] {
  const p = models.length;
  const win = Array.from({ length: p }, () => new Array(p).fill(0));
  for (const r of data) {
    const a = models.indexOf(r.modelA);
    const b = models.indexOf(r.modelB);
    const c = Number(r.count);
    if (r.outcome === "a") win[a][b] += 2 * c;
    else if (r.outcome === "b") win[b][a] += 2 * c;
    else {
      win[a][b] += c;
      win[b][a] += c;
    }
  }
  const X: number[][] = [];
  const Y: number[] = [];
  const W: number[] = [];
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
    if (a === b) continue;
    const x = new Array(p).fill(0);
    x[a] = Math.LN10;
    x[b] = -Math.LN10;
    X.push(x, x);
    Y.push(1, 0);
    W.push(win[a][b], win[b][a]);
  }
  const coef = new Array(p).fill(0);
  const totalW = W.reduce((s, w) => s + w, 0);
  const step = 1 / (Math.LN10 * Math.LN10 * totalW); // below 2/Lipschitz: monotone ascent
  for (let it = 0; it < 400000; it++) {
    const grad = new Array(p).fill(0);
    for (let r = 0; r < X.length; r++) {
      let z = 0;
      for (let k = 0; k < p; k++) z += X[r][k] * coef[k];
      const resid = W[r] * (Y[r] - 1 / (1 + Math.exp(-z)));
      for (let k = 0; k < p; k++) grad[k] += resid * X[r][k];
    }
    let gmax = 0;
    for (let k = 0; k < p; k++) {
      coef[k] += step * 8 * grad[k];
      gmax = Math.max(gmax, Math.abs(grad[k]));
    }
    if (gmax < 1e-9) break;
  }
  return coef.map((c) => 400 * c + 1000);
}

describe("Bradley–Terry", () => {
  it("two models: the difference is exactly 400·log10(wins/losses)", () => {
    const c = countsFromRows(rows([["a", "b", "a", 30], ["b", "a", "a", 10]]), ["a", "b"]);
    const fit = fitBradleyTerry(c);
    expect(fit.priorApplied).toBe(false);
    expect(fit.converged).toBe(true);
    expect(fit.ratings[0] - fit.ratings[1]).toBeCloseTo(400 * Math.log10(3), 6);
    expect((fit.ratings[0] + fit.ratings[1]) / 2).toBeCloseTo(1000, 9);
    // With ties as halves: 30 + 5 vs 10 + 5.
    const t = countsFromRows(rows([["a", "b", "a", 30], ["b", "a", "a", 10], ["a", "b", "tie", 10]]), ["a", "b"]);
    const ft = fitBradleyTerry(t);
    expect(Math.abs(ft.ratings[0] - ft.ratings[1] - 400 * Math.log10(35 / 15))).toBeLessThan(1e-6);
    const dropped = fitBradleyTerry(t, { ties: "drop" });
    expect(Math.abs(dropped.ratings[0] - dropped.ratings[1] - 400 * Math.log10(3))).toBeLessThan(1e-6);
  });

  it("score equations hold at the MLE: observed wins (ties as halves) = expected wins", () => {
    const rng = createRandom(21);
    const theta = [0.9, 0.4, 0, -0.2, -0.8, 0.1];
    const v = simulateVotes(rng, theta, 3000, 0.2);
    const c = aggregateVotes(v.modelA, v.modelB, v.outcome, theta.length);
    const fit = fitBradleyTerry(c);
    const s = pairScores(c);
    const observed = new Float64Array(6);
    const expected = new Float64Array(6);
    for (let p = 0; p < s.scoreI.length; p++) {
      const i = s.pairI[p];
      const j = s.pairJ[p];
      const total = s.scoreI[p] + s.scoreJ[p];
      const pij = 1 / (1 + Math.pow(10, (fit.ratings[j] - fit.ratings[i]) / 400));
      observed[i] += s.scoreI[p];
      observed[j] += s.scoreJ[p];
      expected[i] += total * pij;
      expected[j] += total * (1 - pij);
    }
    for (let i = 0; i < 6; i++) expect(Math.abs(observed[i] - expected[i]) / observed[i]).toBeLessThan(1e-6);
  });

  it("matches an independent FastChat-style logistic regression within 1 point (3 models)", () => {
    const models = ["alpha", "beta", "gamma"];
    const data = rows([
      ["alpha", "beta", "a", 30], ["alpha", "beta", "b", 12], ["beta", "alpha", "tie", 9],
      ["beta", "gamma", "a", 25], ["gamma", "beta", "a", 14], ["beta", "gamma", "bothbad", 6],
      ["gamma", "alpha", "a", 7], ["alpha", "gamma", "a", 33], ["alpha", "gamma", "tie", 4],
    ]);
    const ours = fitBradleyTerry(countsFromRows(data, models)).ratings;
    const ref = fastChatReference(models, data);
    for (let i = 0; i < 3; i++) expect(Math.abs(ours[i] - ref[i])).toBeLessThan(1);
    // And in practice far closer than the 1-point contract.
    for (let i = 0; i < 3; i++) expect(Math.abs(ours[i] - ref[i])).toBeLessThan(1e-3);
  });

  it("is invariant to relabelling models, swapping sides and reordering votes", () => {
    const rng = createRandom(5);
    const theta = [0.5, -0.3, 0.2, 0, -0.6];
    const v = simulateVotes(rng, theta, 2000, 0.15);
    const base = fitBradleyTerry(aggregateVotes(v.modelA, v.modelB, v.outcome, 5)).ratings;

    // Relabel: model i becomes perm[i].
    const perm = [3, 0, 4, 1, 2];
    const ra = v.modelA.map((m) => perm[m]);
    const rb = v.modelB.map((m) => perm[m]);
    const relabelled = fitBradleyTerry(aggregateVotes(ra, rb, v.outcome, 5)).ratings;
    for (let i = 0; i < 5; i++) expect(relabelled[perm[i]]).toBeCloseTo(base[i], 9);

    // Swap sides: A↔B and a-wins↔b-wins.
    const so = v.outcome.map((o) => (o === 0 ? 1 : o === 1 ? 0 : o));
    const swapped = fitBradleyTerry(aggregateVotes(v.modelB, v.modelA, so, 5)).ratings;
    for (let i = 0; i < 5; i++) expect(swapped[i]).toBeCloseTo(base[i], 9);

    // Reorder votes.
    const order = Array.from({ length: v.modelA.length }, (_, i) => i);
    shuffleInPlace(rng, order);
    const reordered = fitBradleyTerry(
      aggregateVotes(
        Int32Array.from(order, (i) => v.modelA[i]),
        Int32Array.from(order, (i) => v.modelB[i]),
        Uint8Array.from(order, (i) => v.outcome[i]),
        5,
      ),
    ).ratings;
    for (let i = 0; i < 5; i++) expect(reordered[i]).toBeCloseTo(base[i], 9);
  });

  it("pins an anchor model", () => {
    const c = countsFromRows(rows([["a", "b", "a", 30], ["b", "a", "a", 10], ["b", "c", "a", 20], ["c", "b", "a", 20]]), ["a", "b", "c"]);
    const free = fitBradleyTerry(c).ratings;
    const pinned = fitBradleyTerry(c, { anchor: 2, anchorRating: 1200 }).ratings;
    expect(pinned[2]).toBe(1200);
    expect(pinned[0] - pinned[1]).toBeCloseTo(free[0] - free[1], 9);
  });

  it("uses the prior only when the MLE does not exist, and reports why", () => {
    // "a" never lost.
    const c = countsFromRows(rows([["a", "b", "a", 5], ["b", "c", "a", 6], ["c", "b", "a", 4]]), ["a", "b", "c", "d"]);
    const fit = fitBradleyTerry(c);
    expect(fit.priorApplied).toBe(true);
    expect(fit.converged).toBe(true);
    expect(fit.graph.neverLost).toEqual([0]);
    expect(Number.isFinite(fit.ratings[0])).toBe(true);
    expect(fit.ratings[0]).toBeGreaterThan(fit.ratings[1] + 1000); // large but finite
    expect(Number.isNaN(fit.ratings[3])).toBe(true); // "d" has no votes
    expect(fit.ratings[1] - fit.ratings[2]).toBeCloseTo(400 * Math.log10(6 / 4), 2);

    // Two groups that never met.
    const d = countsFromRows(rows([["a", "b", "a", 3], ["b", "a", "a", 2], ["c", "d", "a", 1], ["d", "c", "a", 1]]), ["a", "b", "c", "d"]);
    const fd = fitBradleyTerry(d);
    expect(fd.priorApplied).toBe(true);
    expect(fd.graph.components).toEqual([[0, 1], [2, 3]]);
    expect(fd.ratings[0] - fd.ratings[1]).toBeCloseTo(400 * Math.log10(1.5), 3);
  });

  // The < 50 ms target is timed by `npm run bench:ratings`, not here: CI runs on a loaded machine.
  it("fits 100 models on SQL-style counts and recovers their strengths", () => {
    const rng = createRandom(9);
    const theta = Array.from({ length: 100 }, (_, i) => (i - 50) * 0.03);
    const v = simulateVotes(rng, theta, 200000, 0);
    const c = aggregateVotes(v.modelA, v.modelB, v.outcome, 100);
    const fit = fitBradleyTerry(c);
    expect(fit.converged).toBe(true);
    // θ is in natural-log units; ratings are 400/ln 10 per unit. The top and bottom models sit 2.97 units apart
    // (no ties here: ties drawn independently of strength pull BT ratings together).
    const spread = (fit.ratings[99]! - fit.ratings[0]!) / (400 / Math.LN10);
    expect(spread).toBeGreaterThan(2.97 - 0.15);
    expect(spread).toBeLessThan(2.97 + 0.15);
  });
});
