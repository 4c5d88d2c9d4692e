// Issue 13 item 2: cluster bootstrap on per-cluster count tables, with a small-sample correction.
import { describe, expect, it } from "vitest";
import { OUTCOME_A, OUTCOME_B, OUTCOME_TIE, addVotes, aggregateVotes, countsFromRows, emptyCounts, pairScores } from "./counts";
import { bootstrapRatings } from "./bootstrap";
import { fitBradleyTerry } from "./bradley-terry";
import { type ClusteredVotes, clusterBootstrapRatings, clusterResampler, smallSampleWidening } from "./cluster-bootstrap";
import { createRandom, type Random } from "./random";

describe("cluster bootstrap", () => {
  it("per-cluster tables add up to the data when every cluster is drawn once", () => {
    // Three annotators; model 2 is listed first in some votes so pair orientation matters; one tie.
    const votes: ClusteredVotes = {
      cluster: Int32Array.from([7, 7, 9, 9, 9, 4]),
      modelA: Int32Array.from([0, 2, 1, 0, 2, 1]),
      modelB: Int32Array.from([1, 0, 2, 2, 1, 0]),
      outcome: Uint8Array.from([OUTCOME_A, OUTCOME_A, OUTCOME_B, OUTCOME_TIE, OUTCOME_A, OUTCOME_B]),
      count: Float64Array.from([3, 1, 2, 1, 1, 5]),
    };
    const counts = emptyCounts(3);
    for (let v = 0; v < 6; v++) addVotes(counts, votes.modelA[v], votes.modelB[v], votes.outcome[v], votes.count[v]);
    const base = pairScores(counts);
    const r = clusterResampler(votes, 3, [0, 1, 2]);
    expect(r).toMatchObject({ clusters: 3, secondClusters: null, effectiveClusters: 3 });
    let k = 0;
    const inOrder = { nextInt: () => k++ % 3, nextUint32: () => 0, nextDouble: () => 0, fillUint32: () => {} } as Random;
    const sI = new Float64Array(3);
    const sJ = new Float64Array(3);
    r.resample(inOrder, sI, sJ);
    // Pairs (0,1), (0,2), (1,2): 0 beat 1 3+5 times; 2 beat 0 once, one tie; 2 beat 1 2+1 times.
    expect(Array.from(sI)).toEqual([8, 0.5, 0]);
    expect(Array.from(sJ)).toEqual([0, 1.5, 3]);
    expect(Array.from(sI)).toEqual(Array.from(base.scoreI));
    expect(Array.from(sJ)).toEqual(Array.from(base.scoreJ));
  });

  it("the small-sample factor is t(G−1)/z · √(G/(G−1))", () => {
    expect(smallSampleWidening(20)).toBeCloseTo((2.093024054 / 1.959963985) * Math.sqrt(20 / 19), 7);
    expect(smallSampleWidening(1000)).toBeCloseTo(1.0017, 4);
    expect(smallSampleWidening(1)).toBe(Infinity);
  });

  // 20 annotators × 500 votes, each annotator with their own taste: per-model deviations ~ N(0, 60 points).
  // The population rating is the Bradley-Terry fit to the population's expected win rates (annotator taste
  // averaged out). Seeded; 160 data sets × 8 models, B = 400.
  it("95% annotator-cluster intervals cover the population rating 93–97% of the time (vote-level: far less)", () => {
    const trueRatings = [-180, -120, -60, -20, 20, 60, 120, 180];
    const toNat = Math.LN10 / 400;
    const theta = trueRatings.map((r) => r * toNat);
    const sd = 60 * toNat;
    const truth = populationRatings(theta, sd);
    const rng = createRandom(20261201);
    const sets = 160;
    let clusterCovered = 0;
    let voteCovered = 0;
    let total = 0;
    let clusterWidth = 0;
    let voteWidth = 0;
    for (let s = 0; s < sets; s++) {
      const votes = simulateAnnotators(rng, theta, sd, 20, 500);
      const counts = aggregateVotes(votes.modelA, votes.modelB, votes.outcome, 8);
      const cluster = clusterBootstrapRatings(counts, votes, { rounds: 400, seed: s + 1 });
      const plain = bootstrapRatings(counts, { rounds: 400, seed: s + 1 });
      for (let i = 0; i < 8; i++) {
        total++;
        if (cluster.ciLow[i] <= truth[i] && truth[i] <= cluster.ciHigh[i]) clusterCovered++;
        if (plain.ciLow[i] <= truth[i] && truth[i] <= plain.ciHigh[i]) voteCovered++;
        clusterWidth += cluster.ciHigh[i] - cluster.ciLow[i];
        voteWidth += plain.ciHigh[i] - plain.ciLow[i];
      }
    }
    const coverage = clusterCovered / total;
    const voteCoverage = voteCovered / total;
    console.log(
      `coverage of 95% intervals, 20 annotators: annotator-cluster ${(100 * coverage).toFixed(1)}% (mean width ${(clusterWidth / total).toFixed(1)}), vote-level ${(100 * voteCoverage).toFixed(1)}% (mean width ${(voteWidth / total).toFixed(1)})`,
    );
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.97);
    expect(voteCoverage).toBeLessThan(0.85);
  }, 300_000);

  it("two-way clustering counts both annotators and prompts", () => {
    const rows = countsFromRows([{ modelA: "a", modelB: "b", outcome: "a", count: 1 }], ["a", "b"]);
    expect(rows.n).toBe(2);
    const votes: ClusteredVotes = {
      cluster: Int32Array.from([0, 0, 1, 1, 2, 2]),
      second: Int32Array.from([5, 6, 5, 6, 7, 7]),
      modelA: Int32Array.from([0, 1, 0, 1, 0, 1]),
      modelB: Int32Array.from([1, 0, 1, 0, 1, 0]),
      outcome: Uint8Array.from([OUTCOME_A, OUTCOME_A, OUTCOME_A, OUTCOME_B, OUTCOME_B, OUTCOME_A]),
      count: new Float64Array(6).fill(1),
    };
    const r = clusterResampler(votes, 2, [0, 1]);
    expect(r).toMatchObject({ clusters: 3, secondClusters: 3, effectiveClusters: 3 });
  });
});

function normal(rng: Random): number {
  // Box–Muller.
  const u = 1 - rng.nextDouble();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
}

function simulateAnnotators(rng: Random, theta: number[], sd: number, annotators: number, perAnnotator: number): ClusteredVotes {
  const n = theta.length;
  const len = annotators * perAnnotator;
  const out: ClusteredVotes = { cluster: new Int32Array(len), modelA: new Int32Array(len), modelB: new Int32Array(len), outcome: new Uint8Array(len), count: new Float64Array(len).fill(1) };
  let v = 0;
  for (let a = 0; a < annotators; a++) {
    const own = theta.map((t) => t + sd * normal(rng));
    for (let k = 0; k < perAnnotator; k++, v++) {
      const i = rng.nextInt(n);
      let j = rng.nextInt(n - 1);
      if (j >= i) j++;
      out.cluster[v] = a;
      out.modelA[v] = i;
      out.modelB[v] = j;
      out.outcome[v] = rng.nextDouble() < 1 / (1 + Math.exp(own[j] - own[i])) ? OUTCOME_A : OUTCOME_B;
    }
  }
  return out;
}

// Ratings the whole population of annotators implies: P_ij = E[σ(θ_i − θ_j + e)], e ~ N(0, 2·sd²) (midpoint rule
// over ±8 sd), then the Bradley-Terry fit to those win rates with equal weight per pair, centred on 1000.
function populationRatings(theta: number[], sd: number): number[] {
  const n = theta.length;
  const counts = emptyCounts(n);
  const s = Math.SQRT2 * sd;
  for (let p = 0; p < counts.pairI.length; p++) {
    const d = theta[counts.pairI[p]] - theta[counts.pairJ[p]];
    let prob = 0;
    let mass = 0;
    for (let k = -4000; k <= 4000; k++) {
      const z = k / 500;
      const w = Math.exp(-0.5 * z * z);
      prob += w / (1 + Math.exp(-(d + s * z)));
      mass += w;
    }
    counts.winsI[p] = 1e6 * (prob / mass);
    counts.winsJ[p] = 1e6 * (1 - prob / mass);
  }
  return Array.from(fitBradleyTerry(counts).ratings);
}

describe("cluster intervals on the leaderboard", () => {
  it("says what was resampled and from how many clusters, and needs the clustered votes", async () => {
    const { computeLeaderboard } = await import("./leaderboard");
    const rng = createRandom(5);
    const votes = simulateAnnotators(rng, [0.3, 0, -0.3], 0.2, 12, 200);
    const counts = aggregateVotes(votes.modelA, votes.modelB, votes.outcome, 3);
    const names = ["a", "b", "c"];
    expect(() => computeLeaderboard(counts, names, { cluster: "annotator" })).toThrow(/needs the clustered votes/);
    const byVote = computeLeaderboard(counts, names, { bootstrap: 300 });
    const byAnnotator = computeLeaderboard(counts, names, { bootstrap: 300, cluster: "annotator", clusteredVotes: votes });
    expect(byVote.meta.interval).toMatchObject({ cluster: "vote", clusters: null, widen: 1 });
    expect(byAnnotator.meta.interval).toMatchObject({ cluster: "annotator", clusters: 12, secondClusters: null });
    expect(byAnnotator.meta.interval.widen).toBeCloseTo(smallSampleWidening(12), 12);
    // Same point estimates; wider intervals (annotator taste varies).
    expect(byAnnotator.models.map((r) => r.rating)).toEqual(byVote.models.map((r) => r.rating));
    const width = (b: typeof byVote) => b.models.reduce((s, r) => s + r.ciHigh! - r.ciLow!, 0);
    expect(width(byAnnotator)).toBeGreaterThan(width(byVote));
  });
});
