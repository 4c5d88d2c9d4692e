// Style control with its bootstrap rounds split across worker threads, for the CLI and the bench only (the app's
// leaderboard calls the single-threaded styleControl: it starts no workers). Rounds draw from per-round random
// streams (styleRoundRandom), so any thread count gives the same samples, intervals and counters as styleControl.
// Workers load style-worker.ts through tsx's loader, so this runs where TypeScript sources run (tsx, Vitest).

import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import {
  type StyleBootstrapOptions,
  type StyleCells,
  type StyleControlResult,
  type StyleRoundTally,
  checkedRounds,
  finishStyleControl,
  fitStyleControl,
  pointOfFit,
  styleControl,
  styleRounds,
} from "./style-control";
import type { StyleWorkerData } from "./style-worker";

export interface StyleParallelOptions extends StyleBootstrapOptions {
  /** Threads running rounds, the calling thread included (threads − 1 workers). Default 2; 1 runs styleControl. */
  threads?: number;
}

interface WorkerReply {
  progress: number;
  tally?: StyleRoundTally;
  ratings?: Float64Array;
  coefficients?: Float64Array;
}

/** styleControl with rounds on `threads` threads; the same result as styleControl(cells, options). */
export async function styleControlParallel(cells: StyleCells, options: StyleParallelOptions = {}): Promise<StyleControlResult> {
  const rounds = checkedRounds(options);
  const requested = options.threads ?? 2;
  if (!Number.isInteger(requested) || requested < 1) throw new RangeError(`threads must be a positive integer, got ${requested}`);
  const threads = Math.min(requested, rounds);
  const { onProgress, threads: _threads, ...plain } = options;
  if (threads <= 1) return styleControl(cells, options);
  const point = fitStyleControl(cells, options);
  const stylePoint = pointOfFit(point);
  const { n, k: K } = cells;
  const ratingSamples = new Float64Array(n * rounds);
  const coefSamples = new Float64Array(K * rounds);
  const every = Math.max(1, options.progressEvery ?? 100);
  let done = 0;
  const advance = (count: number) => {
    const before = done;
    done += count;
    if (onProgress && count > 0 && (Math.floor(done / every) > Math.floor(before / every) || done === rounds)) onProgress(done, rounds);
  };
  const bounds = Array.from({ length: threads + 1 }, (_, t) => Math.floor((t * rounds) / threads));
  const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api")).href;
  const entry = new URL("./style-worker.ts", import.meta.url).href;
  const bootstrap = `import { register } from ${JSON.stringify(loader)}; register(); await import(${JSON.stringify(entry)});`;
  const workers: Worker[] = [];
  try {
    // Workers take blocks 1…threads−1 and start before this thread runs block 0.
    const replies = bounds.slice(1, -1).map((from, w) => {
      const data: StyleWorkerData = { cells, point: stylePoint, options: plain, from, to: bounds[w + 2], progressEvery: every };
      const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData: data });
      workers.push(worker);
      return new Promise<WorkerReply>((resolve, reject) => {
        worker.on("message", (m: WorkerReply) => {
          advance(m.progress);
          if (m.tally) resolve(m);
        });
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`style bootstrap worker exited with code ${code} before its rounds were done`)));
      });
    });
    const tally = styleRounds(cells, stylePoint, plain, 0, bounds[1], { ratings: ratingSamples, coefficients: coefSamples, stride: rounds, base: 0 }, () => advance(1));
    for (const [w, reply] of (await Promise.all(replies)).entries()) {
      const from = bounds[w + 1];
      const length = bounds[w + 2] - from;
      for (let i = 0; i < n; i++) ratingSamples.set(reply.ratings!.subarray(i * length, (i + 1) * length), i * rounds + from);
      for (let k = 0; k < K; k++) coefSamples.set(reply.coefficients!.subarray(k * length, (k + 1) * length), k * rounds + from);
      tally.roundsWithPrior += reply.tally!.roundsWithPrior;
      tally.roundsNotConverged += reply.tally!.roundsNotConverged;
      tally.roundsExact += reply.tally!.roundsExact;
      tally.roundIterations += reply.tally!.roundIterations;
    }
    return finishStyleControl(cells, point, options, rounds, ratingSamples, coefSamples, tally);
  } finally {
    for (const worker of workers) void worker.terminate();
  }
}
