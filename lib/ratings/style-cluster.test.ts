// Style control's cluster bootstrap: when annotators differ in how much length sways them, resampling annotators
// widens the length coefficient's interval (votes are not independent); with one vote per cluster it matches
// the vote bootstrap; the point fit is unchanged either way.
import { describe, expect, it } from "vitest";
import { OUTCOME_A, OUTCOME_B, OUTCOME_TIE } from "./counts";
import { createRandom } from "./random";
import { STYLE_FEATURE_COUNT as K, buildStyleCells, styleControl, styleDifferences } from "./style-control";

function simulate(annotators: number, perAnnotator: number, tasteSd: number, seed: number) {
  const rng = createRandom(seed);
  const theta = [0.6, 0.2, -0.2, -0.6];
  const V = annotators * perAnnotator;
  const modelA = new Int32Array(V);
  const modelB = new Int32Array(V);
  const outcome = new Uint8Array(V);
  const cluster = new Int32Array(V);
  const countsA = new Float64Array(V * K);
  const countsB = new Float64Array(V * K);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
  for (let g = 0, v = 0; g < annotators; g++) {
    const bias = 1 + tasteSd * normal(); // this annotator's weight on length
    for (let r = 0; r < perAnnotator; r++, v++) {
      const a = rng.nextInt(4);
      let b = rng.nextInt(3);
      if (b >= a) b++;
      modelA[v] = a;
      modelB[v] = b;
      cluster[v] = g;
      for (let k = 0; k < K; k++) {
        countsA[v * K + k] = k === 0 ? 50 + rng.nextInt(900) : rng.nextInt(5);
        countsB[v * K + k] = k === 0 ? 50 + rng.nextInt(900) : rng.nextInt(5);
      }
      const d = (countsA[v * K] - countsB[v * K]) / (countsA[v * K] + countsB[v * K] + 1);
      const p = 1 / (1 + Math.exp(-(theta[a] - theta[b] + bias * d * 2)));
      outcome[v] = rng.nextDouble() < 0.1 ? OUTCOME_TIE : rng.nextDouble() < p ? OUTCOME_A : OUTCOME_B;
    }
  }
  return { votes: { modelA, modelB, outcome }, differences: styleDifferences(countsA, countsB), cluster };
}

const width = (r: ReturnType<typeof styleControl>, k: number) => r.coefficientHigh[k] - r.coefficientLow[k];

describe("style control cluster bootstrap", () => {
  it("widens the length coefficient's interval when annotators differ in taste, and keeps the point fit", () => {
    const { votes, differences, cluster } = simulate(20, 300, 1.5, 4);
    const plain = styleControl(buildStyleCells(votes, differences, 4), { rounds: 300, seed: 2 });
    const clustered = styleControl(buildStyleCells(votes, differences, 4, { clusters: cluster }), { rounds: 300, seed: 2 });
    expect(clustered.interval).toMatchObject({ cluster: "cluster", clusters: 20, secondClusters: null });
    expect(clustered.interval.widen).toBeGreaterThan(1.05);
    expect(plain.interval.cluster).toBe("vote");
    for (let k = 0; k < K; k++) expect(clustered.coefficients[k]).toBeCloseTo(plain.coefficients[k], 10);
    expect(width(clustered, 0)).toBeGreaterThan(1.5 * width(plain, 0));
    // The estimate stays inside its widened interval.
    expect(clustered.coefficientLow[0]).toBeLessThan(clustered.coefficients[0]);
    expect(clustered.coefficientHigh[0]).toBeGreaterThan(clustered.coefficients[0]);
  });

  it("with one vote per cluster it matches the vote bootstrap's widths", () => {
    const { votes, differences } = simulate(1, 6000, 0, 5);
    const own = Int32Array.from({ length: 6000 }, (_, v) => v);
    const plain = styleControl(buildStyleCells(votes, differences, 4), { rounds: 300, seed: 2 });
    const clustered = styleControl(buildStyleCells(votes, differences, 4, { clusters: own }), { rounds: 300, seed: 2 });
    const ratio = width(clustered, 0) / width(plain, 0);
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.25);
    const rw = (r: ReturnType<typeof styleControl>) => r.ciHigh[0] - r.ciLow[0];
    expect(rw(clustered) / rw(plain)).toBeGreaterThan(0.8);
    expect(rw(clustered) / rw(plain)).toBeLessThan(1.25);
  });

  it("handles cells shared by several clusters (binned cells: fewer cells than cluster entries)", () => {
    const { votes, differences, cluster } = simulate(30, 100, 0.5, 8);
    const cells = buildStyleCells(votes, differences, 4, { clusters: cluster, binWidth: 2 });
    expect(cells.clusterEntries!.count.length).toBeGreaterThan(cells.cellI.length);
    const r = styleControl(cells, { rounds: 50, seed: 2 });
    expect(r.interval).toMatchObject({ cluster: "cluster", clusters: 30 });
    expect(r.coefficientLow[0]).toBeLessThan(r.coefficients[0]);
    expect(r.coefficientHigh[0]).toBeGreaterThan(r.coefficients[0]);
  });

  it("counts only clusters with kept votes (an annotator whose votes were all dropped is not drawn)", () => {
    const { votes, differences, cluster } = simulate(5, 200, 0.5, 9);
    const ids = Int32Array.from(cluster, (g) => g * 10); // sparse ids
    for (let v = 0; v < ids.length; v++) if (cluster[v] === 4) votes.outcome[v] = OUTCOME_TIE; // annotator 4: only ties
    const cells = buildStyleCells(votes, differences, 4, { clusters: ids, ties: "drop" });
    expect(cells.clusterEntries!.clusters).toBe(4);
  });

  it("two-way (annotator and prompt) draws both and widens by the smaller count; one cluster leaves intervals unbounded", () => {
    const { votes, differences, cluster } = simulate(10, 200, 0.5, 6);
    const prompts = Int32Array.from({ length: cluster.length }, (_, v) => v % 40);
    const twoWay = styleControl(buildStyleCells(votes, differences, 4, { clusters: cluster, secondClusters: prompts }), { rounds: 100, seed: 2 });
    expect(twoWay.interval).toMatchObject({ cluster: "two-way", clusters: 10, secondClusters: 40 });
    const one = styleControl(buildStyleCells(votes, differences, 4, { clusters: new Int32Array(cluster.length) }), { rounds: 20, seed: 2 });
    expect(one.interval.widen).toBe(Infinity);
    expect(one.coefficientLow[0]).toBe(-Infinity);
    expect(one.ciHigh[1]).toBe(Infinity);
  });
});
