// Style control with its bootstrap rounds split across worker threads, for the CLI and the bench only (the app's
// leaderboard calls the single-threaded styleControl: it starts no workers). Rounds draw from per-round random
// streams (styleRoundRandom), so any thread count gives the same samples, intervals and counters as styleControl.
// Workers load style-worker.ts through tsx's loader, so this runs where TypeScript sources run (tsx, Vitest).

import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import {
  type NextStyleRound,
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
  // Every thread writes its rounds' samples straight into shared memory and takes its next round from a shared
  // counter, so a worker that starts late (loader, JIT) simply runs fewer rounds.
  const ratingSamples = new Float64Array(new SharedArrayBuffer(n * rounds * Float64Array.BYTES_PER_ELEMENT));
  const coefSamples = new Float64Array(new SharedArrayBuffer(K * rounds * Float64Array.BYTES_PER_ELEMENT));
  const roundCounter = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const every = Math.max(1, options.progressEvery ?? 100);
  let done = 0;
  const advance = (count: number) => {
    const before = done;
    done += count;
    if (onProgress && count > 0 && (Math.floor(done / every) > Math.floor(before / every) || done === rounds)) onProgress(done, rounds);
  };
  const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api")).href;
  const entry = new URL("./style-worker.ts", import.meta.url).href;
  const bootstrap = `import { register } from ${JSON.stringify(loader)}; register(); await import(${JSON.stringify(entry)});`;
  const workers: Worker[] = [];
  try {
    const replies = Array.from({ length: threads - 1 }, () => {
      const data: StyleWorkerData = { cells, point: stylePoint, options: plain, rounds, roundCounter, ratingSamples, coefSamples, progressEvery: every };
      const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData: data });
      workers.push(worker);
      return new Promise<StyleRoundTally>((resolve, reject) => {
        worker.on("message", (m: WorkerReply) => {
          advance(m.progress);
          if (m.tally) resolve(m.tally);
        });
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`style bootstrap worker exited with code ${code} before its rounds were done`)));
      });
    });
    const tally = styleRounds(cells, stylePoint, plain, sharedRounds(roundCounter, rounds), { ratings: ratingSamples, coefficients: coefSamples, stride: rounds }, () => advance(1));
    for (const reply of await Promise.all(replies)) {
      tally.roundsWithPrior += reply.roundsWithPrior;
      tally.roundsNotConverged += reply.roundsNotConverged;
      tally.roundsExact += reply.roundsExact;
      tally.roundIterations += reply.roundIterations;
    }
    return finishStyleControl(cells, point, options, rounds, ratingSamples, coefSamples, tally);
  } finally {
    for (const worker of workers) void worker.terminate();
  }
}

/** Rounds 0 … rounds − 1 handed out one at a time to whichever thread asks first. */
export function sharedRounds(counter: Int32Array, rounds: number): NextStyleRound {
  return () => {
    const b = Atomics.add(counter, 0, 1);
    return b < rounds ? b : -1;
  };
}
