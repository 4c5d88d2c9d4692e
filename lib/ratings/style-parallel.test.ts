import { describe, expect, it } from "vitest";
import { OUTCOME_A, OUTCOME_B, OUTCOME_TIE } from "./counts";
import { createRandom } from "./random";
import { STYLE_FEATURE_COUNT, buildStyleCells, styleControl, styleDifferences } from "./style-control";
import { styleControlParallel } from "./style-parallel";

const K = STYLE_FEATURE_COUNT;

// Small styled data: 6 models, 3000 votes, length sways outcomes; votes carry a judge (cluster) out of 12.
function styledCells(clustered: boolean) {
  const rng = createRandom(11);
  const n = 6;
  const votes = 3000;
  const modelA = new Int32Array(votes);
  const modelB = new Int32Array(votes);
  const outcome = new Uint8Array(votes);
  const countsA = new Float64Array(votes * K);
  const countsB = new Float64Array(votes * K);
  const judges = new Int32Array(votes);
  for (let v = 0; v < votes; v++) {
    const a = rng.nextInt(n);
    let b = rng.nextInt(n - 1);
    if (b >= a) b++;
    modelA[v] = a;
    modelB[v] = b;
    for (let k = 0; k < K; k++) {
      countsA[v * K + k] = k === 0 ? 100 + rng.nextInt(400) : rng.nextInt(6);
      countsB[v * K + k] = k === 0 ? 100 + rng.nextInt(400) : rng.nextInt(6);
    }
    judges[v] = rng.nextInt(12);
    const eta = 0.2 * (a - b) + 0.8 * ((countsA[v * K] - countsB[v * K]) / (countsA[v * K] + countsB[v * K] + 1));
    outcome[v] = rng.nextDouble() < 0.1 ? OUTCOME_TIE : rng.nextDouble() < 1 / (1 + Math.exp(-eta)) ? OUTCOME_A : OUTCOME_B;
  }
  return buildStyleCells({ modelA, modelB, outcome }, styleDifferences(countsA, countsB), n, { binWidth: 0.5, ...(clustered ? { clusters: judges } : {}) });
}

describe("styleControlParallel", () => {
  it.each([false, true])("gives exactly styleControl's intervals, ranks and counters on 2 and 3 threads (clustered: %s)", async (clustered) => {
    const cells = styledCells(clustered);
    const options = { rounds: 101, seed: 5, keepSamples: true };
    const single = styleControl(cells, options);
    const progress: number[] = [];
    const two = await styleControlParallel(cells, { ...options, threads: 2, progressEvery: 20, onProgress: (done) => progress.push(done) });
    const three = await styleControlParallel(cells, { ...options, threads: 3 });
    expect(single.interval.cluster).toBe(clustered ? "cluster" : "vote");
    for (const parallel of [two, three]) {
      expect(Array.from(parallel.ciLow)).toEqual(Array.from(single.ciLow));
      expect(Array.from(parallel.ciHigh)).toEqual(Array.from(single.ciHigh));
      expect(Array.from(parallel.coefficientLow)).toEqual(Array.from(single.coefficientLow));
      expect(Array.from(parallel.coefficientHigh)).toEqual(Array.from(single.coefficientHigh));
      expect(Array.from(parallel.samples!.ratings)).toEqual(Array.from(single.samples!.ratings));
      expect(Array.from(parallel.rankWorst)).toEqual(Array.from(single.rankWorst));
      expect(parallel.meanRoundIterations).toBe(single.meanRoundIterations);
      expect(parallel.roundsExact).toBe(single.roundsExact);
    }
    expect(progress.at(-1)).toBe(101);
    expect(progress.length).toBeGreaterThanOrEqual(2);
  });

  it("runs styleControl itself on one thread, and rejects a bad thread count", async () => {
    const cells = styledCells(false);
    const one = await styleControlParallel(cells, { rounds: 20, threads: 1 });
    expect(Array.from(one.ciLow)).toEqual(Array.from(styleControl(cells, { rounds: 20 }).ciLow));
    await expect(styleControlParallel(cells, { rounds: 20, threads: 0 })).rejects.toThrow(RangeError);
  });
});
