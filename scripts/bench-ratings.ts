// Benchmark of the ratings engine on 1,000,000 synthetic votes over 100 models.
// Prints one JSON line with milliseconds per stage (targets on 2 cores: aggregation < 500, fit < 50,
// 1000 bootstrap rounds < 3000, 1000 annotator-cluster bootstrap rounds over 1,000 annotators < 5000
// (tables included), online Elo < 100, 100 permutations < 5000), then style control on the same
// votes with synthetic conv_metadata counts (target: binned style fit plus its 1000-round bootstrap < 5000).
// STYLE_BIN_WIDTH (standard deviations, default 2) sets the binning; the exact fit is reported beside it
// with the largest rating and coefficient differences between the two.
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import {
  OUTCOME_A,
  OUTCOME_B,
  OUTCOME_BOTH_BAD,
  OUTCOME_TIE,
  STYLE_FEATURE_COUNT,
  aggregateVotes,
  bootstrapRatings,
  buildStyleCells,
  fitStyleControl,
  styleDifferences,
  clusterBootstrapRatings,
  createRandom,
  fitBradleyTerry,
  onlineElo,
  permutedElo,
} from "../lib/ratings";
import { styleControlParallel } from "../lib/ratings/style-parallel";

const VOTES = 1_000_000;
const MODELS = 100;

function syntheticVotes(seed: number) {
  const rng = createRandom(seed);
  const theta = new Float64Array(MODELS);
  for (let i = 0; i < MODELS; i++) theta[i] = (i - MODELS / 2) * 0.04; // spread of ~700 rating points
  const modelA = new Int32Array(VOTES);
  const modelB = new Int32Array(VOTES);
  const outcome = new Uint8Array(VOTES);
  for (let v = 0; v < VOTES; v++) {
    const a = rng.nextInt(MODELS);
    let b = rng.nextInt(MODELS - 1);
    if (b >= a) b++;
    modelA[v] = a;
    modelB[v] = b;
    const u = rng.nextDouble();
    if (u < 0.15) outcome[v] = OUTCOME_TIE;
    else if (u < 0.2) outcome[v] = OUTCOME_BOTH_BAD;
    else outcome[v] = rng.nextDouble() < 1 / (1 + Math.exp(theta[b] - theta[a])) ? OUTCOME_A : OUTCOME_B;
  }
  return { modelA, modelB, outcome };
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, Math.round((performance.now() - t0) * 10) / 10];
}

const votes = syntheticVotes(42);
process.stderr.write(`generated ${VOTES} votes over ${MODELS} models\n`);
const [counts, aggregationMs] = time(() => aggregateVotes(votes.modelA, votes.modelB, votes.outcome, MODELS));
// First fit includes JIT compilation; a server fits repeatedly, so also report the median of 5 warm fits.
const [fit, fitColdMs] = time(() => fitBradleyTerry(counts));
const warm = Array.from({ length: 5 }, () => time(() => fitBradleyTerry(counts))[1]).sort((a, b) => a - b);
const fitMs = warm[2];
process.stderr.write(`fit: ${fit.iterations} Newton iterations\n`);
const [boot, bootstrapMs] = time(() =>
  bootstrapRatings(counts, { rounds: 1000, seed: 1, onProgress: (d, t) => process.stderr.write(`bootstrap ${d}/${t}\r`) }),
);
process.stderr.write(`\nbootstrap: mean CI width ${(boot.ciHigh.reduce((s, h, i) => s + h - boot.ciLow[i], 0) / MODELS).toFixed(2)}\n`);
// The same votes from 1,000 annotators (1,000 votes each): per-cluster tables, then 1000 resampling rounds.
const ANNOTATORS = 1000;
const clustered = { ...votes, cluster: Int32Array.from({ length: VOTES }, (_, v) => v % ANNOTATORS), count: new Float64Array(VOTES).fill(1) };
const [clusterBoot, clusterBootstrapMs] = time(() =>
  clusterBootstrapRatings(counts, clustered, { rounds: 1000, seed: 1, onProgress: (d, t) => process.stderr.write(`cluster bootstrap ${d}/${t}\r`) }),
);
process.stderr.write(`\ncluster bootstrap: ${clusterBoot.clusters} annotators, mean CI width ${(clusterBoot.ciHigh.reduce((s, h, i) => s + h - clusterBoot.ciLow[i], 0) / MODELS).toFixed(2)}\n`);
const [, eloMs] = time(() => onlineElo(votes, MODELS));
const [, permutationsMs] = time(() => permutedElo(votes, MODELS, { permutations: 100, seed: 1 }));

// Style counts per response: each model has its own verbosity and markdown habits; length sways votes.
function syntheticStyle(seed: number) {
  const rng = createRandom(seed);
  const K = STYLE_FEATURE_COUNT;
  const verbosity = Float64Array.from({ length: MODELS }, () => 150 + 650 * rng.nextDouble());
  const markdown = Float64Array.from({ length: MODELS }, () => rng.nextDouble());
  const countsA = new Float64Array(VOTES * K);
  const countsB = new Float64Array(VOTES * K);
  const fill = (m: number, out: Float64Array, v: number) => {
    out[v * K] = Math.round(verbosity[m] * (0.4 + 1.2 * rng.nextDouble()));
    out[v * K + 1] = rng.nextInt(1 + Math.round(4 * markdown[m]));
    out[v * K + 2] = rng.nextInt(1 + Math.round(12 * markdown[m]));
    out[v * K + 3] = rng.nextInt(1 + Math.round(8 * markdown[m]));
  };
  for (let v = 0; v < VOTES; v++) {
    fill(votes.modelA[v], countsA, v);
    fill(votes.modelB[v], countsB, v);
  }
  return styleDifferences(countsA, countsB);
}
const styleDiffs = syntheticStyle(7);
// Same pairs, decisive outcomes redrawn with a planted length effect (1.0 per unit of normalised difference).
const styledVotes = { modelA: votes.modelA, modelB: votes.modelB, outcome: votes.outcome.slice() };
{
  const rng = createRandom(8);
  for (let v = 0; v < VOTES; v++) {
    if (styledVotes.outcome[v] !== OUTCOME_A && styledVotes.outcome[v] !== OUTCOME_B) continue;
    const eta = (votes.modelA[v] - votes.modelB[v]) * 0.04 + styleDiffs[v * STYLE_FEATURE_COUNT];
    styledVotes.outcome[v] = rng.nextDouble() < 1 / (1 + Math.exp(-eta)) ? OUTCOME_A : OUTCOME_B;
  }
}
const binWidth = Number(process.env.STYLE_BIN_WIDTH ?? 2);
const [exactCells, styleExactCellsMs] = time(() => buildStyleCells(styledVotes, styleDiffs, MODELS));
const [exactFit, styleExactFitMs] = time(() => fitStyleControl(exactCells));
const [binnedCells, styleBinnedCellsMs] = time(() => buildStyleCells(styledVotes, styleDiffs, MODELS, { binWidth }));
const [binnedFit, styleBinnedFitMs] = time(() => fitStyleControl(binnedCells));
let styleMaxRatingDiff = 0;
for (let i = 0; i < MODELS; i++) styleMaxRatingDiff = Math.max(styleMaxRatingDiff, Math.abs(exactFit.ratings[i] - binnedFit.ratings[i]));
let styleMaxCoefficientDiff = 0;
for (let k = 0; k < STYLE_FEATURE_COUNT; k++) styleMaxCoefficientDiff = Math.max(styleMaxCoefficientDiff, Math.abs(exactFit.coefficientPoints[k] - binnedFit.coefficientPoints[k]));
process.stderr.write(`style: ${exactCells.cellI.length} exact cells, ${binnedCells.cellI.length} at bin width ${binWidth}\n`);
// CPU time (every thread of the process) beside wall time: on a shared machine the wall clock mostly measures the
// other processes. STYLE_THREADS (default 2) threads run the rounds; 1 is the app's single-threaded styleControl.
const styleThreads = Number(process.env.STYLE_THREADS ?? 2);
// styleControlParallel fits the point estimate itself, then runs the rounds: its wall time is the fit plus the
// bootstrap (the target), with nothing counted twice.
const styleCpu0 = process.cpuUsage();
const styleT0 = performance.now();
const styleBoot = await styleControlParallel(binnedCells, {
  threads: styleThreads,
  rounds: 1000,
  seed: 1,
  onProgress: (d, t) => process.stderr.write(`style bootstrap ${d}/${t}\r`),
});
const styleFitPlusBootstrapMs = Math.round((performance.now() - styleT0) * 10) / 10;
const styleCpu = process.cpuUsage(styleCpu0);
const styleFitPlusBootstrapCpuMs = Math.round((styleCpu.user + styleCpu.system) / 1000);
process.stderr.write(`\nstyle bootstrap: mean CI width ${(styleBoot.ciHigh.reduce((s, h, i) => s + h - styleBoot.ciLow[i], 0) / MODELS).toFixed(2)}\n`);

console.log(
  JSON.stringify({
    votes: VOTES,
    models: MODELS,
    aggregationMs,
    fitColdMs,
    fitMs,
    fitIterations: fit.iterations,
    bootstrap1000Ms: bootstrapMs,
    annotators: ANNOTATORS,
    clusterBootstrap1000Ms: clusterBootstrapMs,
    onlineEloMs: eloMs,
    permutations100Ms: permutationsMs,
    styleExactCells: exactCells.cellI.length,
    styleExactCellsMs,
    styleExactFitMs,
    styleBinWidth: binWidth,
    styleBinnedCells: binnedCells.cellI.length,
    styleBinnedCellsMs,
    styleBinnedFitMs,
    styleThreads,
    styleFitPlusBootstrapMs,
    styleFitPlusBootstrapCpuMs,
    styleMeanRoundIterations: Math.round(styleBoot.meanRoundIterations * 100) / 100,
    styleRoundsExact: styleBoot.roundsExact,
    styleMaxRatingDiffVsExact: Math.round(styleMaxRatingDiff * 1000) / 1000,
    styleMaxCoefficientPointsDiffVsExact: Math.round(styleMaxCoefficientDiff * 1000) / 1000,
    styleCoefficientPoints: Array.from(exactFit.coefficientPoints, (x) => Math.round(x * 100) / 100),
    loadAverage: Math.round(loadavg()[0] * 10) / 10,
  }),
);
