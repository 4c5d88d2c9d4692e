// Cluster bootstrap: votes come in clusters (an annotator's votes share that annotator's taste, a prompt's
// votes share that prompt), and resampling single votes then understates the uncertainty. Here a round draws
// G clusters with replacement, w_g ~ Multinomial(G; 1/G), and each pair's scores are Σ_g w_g · (the cluster's
// own scores for that pair), read from per-cluster count tables: one round costs O(G + cells of the drawn
// clusters), independent of the number of votes. Two-way ("annotator,prompt") is the pigeonhole bootstrap
// (Owen 2007): annotators and prompts are drawn independently and a cell weighs w_annotator · w_prompt; it is
// slightly conservative.
//
// Few clusters: a percentile interval from G clusters under-covers (the bootstrap variance is the plug-in
// variance, biased by (G−1)/G, and its tails are normal-like where t(G−1) is right). The interval is therefore
// widened about the point estimate by f = t_{G−1}(1 − α/2) / z(1 − α/2) · √(G/(G−1)) (f ≈ 1.096 for G = 20,
// 1.026 for G = 100, → 1 as G grows). For two-way clustering G is the smaller of the two cluster counts.

import { OUTCOME_A, OUTCOME_B, OUTCOME_BOTH_BAD, OUTCOME_TIE, type PairCounts, type TieOptions, pairIndex, pairScores } from "./counts";
import { type BootstrapOptions, type BootstrapResult, type RoundResampler, bootstrapWithResampler } from "./bootstrap";
import type { Random } from "./random";
import { normalQuantile, studentTQuantile } from "./stats";

export const CLUSTER_UNITS = ["vote", "annotator", "prompt", "annotator,prompt"] as const;
export type ClusterUnit = (typeof CLUSTER_UNITS)[number];

/**
 * Votes with their clusters, one entry per vote or per aggregated (clusters, model pair, outcome) cell.
 * `cluster` is the annotator (or the prompt when clustering by prompt); `second` the prompt for two-way.
 */
export interface ClusteredVotes {
  cluster: Int32Array;
  second?: Int32Array;
  modelA: Int32Array;
  modelB: Int32Array;
  outcome: Uint8Array;
  /** Votes per entry (1 for single votes). */
  count: Float64Array;
}

export interface ClusterResampler {
  resample: RoundResampler;
  /** Clusters drawn from (primary; and secondary for two-way). */
  clusters: number;
  secondClusters: number | null;
  /** G used for the small-sample correction: min of the two counts for two-way. */
  effectiveClusters: number;
}

/** f = t_{G−1}(1 − α/2)/z(1 − α/2) · √(G/(G−1)); ∞ below two clusters (no spread can be estimated). */
export function smallSampleWidening(clusters: number, confidence = 0.95): number {
  if (!(clusters >= 2)) return Infinity;
  const p = 1 - (1 - confidence) / 2;
  return (studentTQuantile(p, clusters - 1) / normalQuantile(p)) * Math.sqrt(clusters / (clusters - 1));
}

/**
 * Per-cluster score tables for the models `models` (global indices; pair indices are local to this subset,
 * as restrictCounts lays them out), under a tie policy. Votes with another model are left out.
 */
export function clusterResampler(votes: ClusteredVotes, totalModels: number, models: readonly number[], options: TieOptions = {}): ClusterResampler {
  const keepTies = (options.ties ?? "half") === "half";
  const keepBothBad = (options.bothBad ?? "half") === "half";
  const m = models.length;
  const local = new Int32Array(totalModels).fill(-1);
  models.forEach((g, k) => (local[g] = k));
  const pairs = (m * (m - 1)) / 2;
  const len = votes.cluster.length;
  const two = votes.second !== undefined;

  // Dense cluster ids over the clusters that have votes among these models.
  const keep = new Uint8Array(len);
  for (let v = 0; v < len; v++) {
    const a = local[votes.modelA[v]];
    const b = local[votes.modelB[v]];
    const o = votes.outcome[v];
    if (a < 0 || b < 0 || a === b || !(votes.count[v] > 0)) continue;
    if ((o === OUTCOME_TIE && !keepTies) || (o === OUTCOME_BOTH_BAD && !keepBothBad) || o > OUTCOME_BOTH_BAD) continue;
    keep[v] = 1;
  }
  const primary = denseIds(votes.cluster, keep);
  const secondary = two ? denseIds(votes.second!, keep) : null;
  const G = primary.count;
  const H = secondary ? secondary.count : 0;

  // Bucket entries by primary cluster (counting sort), then merge equal (second, pair) cells within each bucket.
  const bucketStart = new Int32Array(G + 1);
  for (let v = 0; v < len; v++) if (keep[v]) bucketStart[primary.id[v] + 1]++;
  for (let g = 0; g < G; g++) bucketStart[g + 1] += bucketStart[g];
  const order = new Int32Array(bucketStart[G]);
  const fill = bucketStart.slice(0, G);
  for (let v = 0; v < len; v++) if (keep[v]) order[fill[primary.id[v]]++] = v;

  const cells = order.length; // an upper bound on the merged cells
  const pair = new Int32Array(cells);
  const sec = new Int32Array(two ? cells : 0);
  const cellI = new Float64Array(cells);
  const cellJ = new Float64Array(cells);
  const start = new Int32Array(G + 1);
  const slotOfPair = new Int32Array(pairs).fill(-1); // one-way: cell of pair p in the current cluster
  const slot = new Map<number, number>(); // two-way: cell of (prompt, pair) in the current cluster
  let used = 0;
  for (let g = 0; g < G; g++) {
    const first = used;
    slot.clear();
    for (let k = bucketStart[g]; k < bucketStart[g + 1]; k++) {
      const v = order[k];
      const a = local[votes.modelA[v]];
      const b = local[votes.modelB[v]];
      const p = pairIndex(m, a, b);
      let c: number;
      if (two) {
        const h = secondary!.id[v];
        const key = h * pairs + p;
        const found = slot.get(key);
        if (found === undefined) {
          c = used++;
          slot.set(key, c);
          pair[c] = p;
          sec[c] = h;
        } else c = found;
      } else {
        c = slotOfPair[p];
        if (c < first) {
          c = used++;
          slotOfPair[p] = c;
          pair[c] = p;
        }
      }
      const w = votes.count[v];
      const o = votes.outcome[v];
      const aIsI = a < b;
      if (o === OUTCOME_A || o === OUTCOME_B) {
        if ((o === OUTCOME_A) === aIsI) cellI[c] += w;
        else cellJ[c] += w;
      } else {
        cellI[c] += 0.5 * w;
        cellJ[c] += 0.5 * w;
      }
    }
    start[g + 1] = used;
  }
  // Compact, interleaved cell data (pair index; score of pairI, score of pairJ) and an interleaved accumulator:
  // each cell is one sequential read and one cache line written. Scores are whole or half votes, so float32
  // holds them exactly (below 2^23).
  const cellPairs: Uint16Array | Int32Array = pairs <= 65535 ? Uint16Array.from(pair.subarray(0, used)) : pair.slice(0, used);
  const cellScores = new Float32Array(2 * used);
  for (let c = 0; c < used; c++) {
    cellScores[2 * c] = cellI[c];
    cellScores[2 * c + 1] = cellJ[c];
  }
  const acc = new Float64Array(2 * pairs);
  const wA = new Int32Array(G);
  const wB = new Int32Array(H);

  const resample: RoundResampler = (rng: Random, sI: Float64Array, sJ: Float64Array) => {
    // w ~ Multinomial(G; 1/G): G uniform draws with replacement.
    wA.fill(0);
    for (let k = 0; k < G; k++) wA[rng.nextInt(G)]++;
    if (two) {
      wB.fill(0);
      for (let k = 0; k < H; k++) wB[rng.nextInt(H)]++;
    }
    acc.fill(0);
    for (let g = 0; g < G; g++) {
      const wg = wA[g];
      if (wg === 0) continue; // ~37% of clusters are not drawn
      const end = start[g + 1];
      if (two) {
        for (let c = start[g]; c < end; c++) {
          const w = wg * wB[sec[c]];
          const q = 2 * cellPairs[c];
          acc[q] += w * cellScores[2 * c];
          acc[q + 1] += w * cellScores[2 * c + 1];
        }
      } else {
        for (let c = start[g]; c < end; c++) {
          const q = 2 * cellPairs[c];
          acc[q] += wg * cellScores[2 * c];
          acc[q + 1] += wg * cellScores[2 * c + 1];
        }
      }
    }
    for (let p = 0; p < pairs; p++) {
      sI[p] += acc[2 * p];
      sJ[p] += acc[2 * p + 1];
    }
  };
  return { resample, clusters: G, secondClusters: two ? H : null, effectiveClusters: two ? Math.min(G, H) : G };
}

// Dense 0..count−1 ids for the cluster ids of the kept entries, in order of first appearance. Small non-negative
// ids (the usual case) go through an array, others through a Map.
function denseIds(ids: Int32Array, keep: Uint8Array): { id: Int32Array; count: number } {
  const id = new Int32Array(ids.length).fill(-1);
  let max = -1;
  let min = 0;
  for (let v = 0; v < ids.length; v++) {
    if (!keep[v]) continue;
    if (ids[v] > max) max = ids[v];
    if (ids[v] < min) min = ids[v];
  }
  let count = 0;
  if (min >= 0 && max < 4 * ids.length + 1024) {
    const map = new Int32Array(max + 1).fill(-1);
    for (let v = 0; v < ids.length; v++) {
      if (!keep[v]) continue;
      let d = map[ids[v]];
      if (d < 0) d = map[ids[v]] = count++;
      id[v] = d;
    }
  } else {
    const map = new Map<number, number>();
    for (let v = 0; v < ids.length; v++) {
      if (!keep[v]) continue;
      let d = map.get(ids[v]);
      if (d === undefined) map.set(ids[v], (d = count++));
      id[v] = d;
    }
  }
  return { id, count };
}

export interface ClusterBootstrapResult extends BootstrapResult {
  clusters: number;
  secondClusters: number | null;
  /** The widening factor f applied to the percentile interval (1 without the correction). */
  widen: number;
}

/**
 * Cluster-bootstrap intervals for all models of `counts`, which must hold the same votes as `votes`.
 * The small-sample correction (widen by f, above) is on unless `smallSampleCorrection` is false.
 */
export function clusterBootstrapRatings(
  counts: PairCounts,
  votes: ClusteredVotes,
  options: BootstrapOptions & { smallSampleCorrection?: boolean } = {},
): ClusterBootstrapResult {
  const base = pairScores(counts, options);
  const models = Array.from({ length: counts.n }, (_, i) => i);
  const r = clusterResampler(votes, counts.n, models, options);
  const widen = options.smallSampleCorrection === false ? 1 : smallSampleWidening(r.effectiveClusters, options.confidence);
  const result = bootstrapWithResampler(counts.n, base.pairI, base.pairJ, base.scoreI, base.scoreJ, r.resample, { ...options, widen });
  return { ...result, clusters: r.clusters, secondClusters: r.secondClusters, widen };
}
