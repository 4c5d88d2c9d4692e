// Worker thread for styleControlParallel: runs style bootstrap rounds taken from the shared counter, writing their
// samples into the shared arrays, and posts its tally back. Loaded only by style-parallel.ts (scripts and tests);
// the app never starts it.

import { parentPort, workerData } from "node:worker_threads";
import { type StyleCells, type StylePoint, type StyleBootstrapOptions, styleRounds } from "./style-control";
import { sharedRounds } from "./style-parallel";

export interface StyleWorkerData {
  cells: StyleCells;
  point: StylePoint;
  options: Omit<StyleBootstrapOptions, "onProgress">;
  rounds: number;
  /** Shared: the next round to hand out. */
  roundCounter: Int32Array;
  /** Shared, model-major (x[i·rounds + b]). */
  ratingSamples: Float64Array;
  coefSamples: Float64Array;
  progressEvery: number;
}

const data = workerData as StyleWorkerData;
const port = parentPort!;
const { cells, point, options, rounds, roundCounter, ratingSamples, coefSamples, progressEvery } = data;
let sinceReport = 0;
const tally = styleRounds(cells, point, options, sharedRounds(roundCounter, rounds), { ratings: ratingSamples, coefficients: coefSamples, stride: rounds }, () => {
  if (++sinceReport === progressEvery) {
    port.postMessage({ progress: sinceReport });
    sinceReport = 0;
  }
});
port.postMessage({ progress: sinceReport, tally });
