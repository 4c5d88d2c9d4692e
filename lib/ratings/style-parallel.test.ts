import { describe, expect, it } from "vitest";
import { createRandom } from "./random";
import { buildStyleCells, styleControl, styleDifferences } from "./style-control";
import { styleControlParallel } from "./style-parallel";
import { simulateStyledVotes } from "./test-helpers";

// Small styled data: 6 models, 3000 votes, length sways outcomes; votes carry a judge (cluster) out of 12.
function styledCells(clustered: boolean) {
  const rng = createRandom(11);
  const { votes, countsA, countsB } = simulateStyledVotes(rng, [0.5, 0.3, 0.1, -0.1, -0.3, -0.5], [300, 150, 500, 250, 600, 400], 3000, 0.8);
  const judges = Int32Array.from({ length: 3000 }, () => rng.nextInt(12));
  return buildStyleCells(votes, styleDifferences(countsA, countsB), 6, { binWidth: 0.5, ...(clustered ? { clusters: judges } : {}) });
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
