// Worker thread for styleControlParallel: runs a block of style bootstrap rounds and posts their samples back.
// Loaded only by style-parallel.ts (scripts and tests); the app never starts it.

import { parentPort, workerData } from "node:worker_threads";
import { type StyleCells, type StylePoint, type StyleBootstrapOptions, styleRounds } from "./style-control";

export interface StyleWorkerData {
  cells: StyleCells;
  point: StylePoint;
  options: Omit<StyleBootstrapOptions, "onProgress">;
  from: number;
  to: number;
  progressEvery: number;
}

const data = workerData as StyleWorkerData;
const port = parentPort!;
const { cells, point, options, from, to, progressEvery } = data;
const length = to - from;
const sink = { ratings: new Float64Array(cells.n * length), coefficients: new Float64Array(cells.k * length), stride: length, base: from };
let sinceReport = 0;
const tally = styleRounds(cells, point, options, from, to, sink, () => {
  if (++sinceReport === progressEvery) {
    port.postMessage({ progress: sinceReport });
    sinceReport = 0;
  }
});
port.postMessage({ progress: sinceReport, tally, ratings: sink.ratings, coefficients: sink.coefficients }, [sink.ratings.buffer, sink.coefficients.buffer]);
