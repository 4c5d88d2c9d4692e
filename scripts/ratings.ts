// Ratings from a FastChat clean_battle file (JSON array or JSONL).
// Usage: npm run ratings -- --input <file> [--bootstrap 1000] [--seed 1] [--ties half|drop]
//        [--bothbad half|drop] [--k 4] [--permutations 100] [--anchor MODEL] [--min-pair-votes 10]
//        [--style-control] [--style-bin-width 0] [--style-threads 2]
//        [--min-votes 50] [--cluster vote|annotator|prompt|annotator,prompt]
// --cluster resamples annotators (clean_battle `judge`), prompts (`question_id`) or both instead of single votes.
// Prints one JSON object to stdout; progress to stderr; exit 1 with a message on bad input or arguments.
// --style-control adds, per model, the style-controlled rating, interval and rank ("style") beside the raw ones,
// and the fitted style coefficients with intervals ("styleControl", the leaderboard API's shape:
// lib/ratings/style-summary.ts; log-odds and fit details in "styleDiagnostics"), from the records' conv_metadata.
// --style-threads runs the style bootstrap's rounds on that many threads (default 2; the same output for any count).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import {
  CLUSTER_UNITS,
  type ClusterUnit,
  CleanBattleParseError,
  DEFAULT_MIN_VOTES,
  STYLE_FEATURES,
  aggregateVotes,
  buildStyleCells,
  computeLeaderboard,
  parseCleanBattles,
  type StyleControlResult,
  styleDifferences,
  styleFitTooSmall,
  type TiePolicy,
} from "../lib/ratings";
// Not re-exported by lib/ratings (the app imports that index and must not pull in worker threads).
import { styleControlParallel } from "../lib/ratings/style-parallel";
import type { StyleControlSummary } from "../lib/ratings/style-summary";

function fail(message: string): never {
  process.stderr.write(`ratings: ${message}\n`);
  process.exit(1);
}

function intOption(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (!Number.isInteger(x) || x < min) fail(`--${name} must be an integer ≥ ${min}, got "${value}"`);
  return x;
}

function tieOption(name: string, value: string | undefined): TiePolicy {
  if (value === undefined) return "half";
  if (value !== "half" && value !== "drop") fail(`--${name} must be "half" or "drop", got "${value}"`);
  return value;
}

async function main(): Promise<void> {
  const started = performance.now();
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        input: { type: "string", short: "i" },
        bootstrap: { type: "string" },
        seed: { type: "string" },
        ties: { type: "string" },
        bothbad: { type: "string" },
        k: { type: "string" },
        permutations: { type: "string" },
        anchor: { type: "string" },
        "min-pair-votes": { type: "string" },
        "style-control": { type: "boolean" },
        "style-bin-width": { type: "string" },
        "style-threads": { type: "string" },
        "min-votes": { type: "string" },
        cluster: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  const input = values.input as string | undefined;
  if (!input) fail("missing --input <file> (FastChat clean_battle JSON or JSONL)");
  const bootstrap = intOption("bootstrap", values.bootstrap as string | undefined, 1000, 0);
  const seed = intOption("seed", values.seed as string | undefined, 1, 0);
  const permutations = intOption("permutations", values.permutations as string | undefined, 100, 0);
  const minPairVotes = intOption("min-pair-votes", values["min-pair-votes"] as string | undefined, 10, 1);
  const minVotes = intOption("min-votes", values["min-votes"] as string | undefined, DEFAULT_MIN_VOTES, 0);
  const kText = values.k as string | undefined;
  const k = kText === undefined ? 4 : Number(kText);
  if (!(Number.isFinite(k) && k > 0)) fail(`--k must be a positive number, got "${kText}"`);
  const ties = tieOption("ties", values.ties as string | undefined);
  const bothBad = tieOption("bothbad", values.bothbad as string | undefined);
  const anchor = values.anchor as string | undefined;
  const withStyle = values["style-control"] === true;
  const binText = values["style-bin-width"] as string | undefined;
  const binWidth = binText === undefined ? 0 : Number(binText);
  if (!(Number.isFinite(binWidth) && binWidth >= 0)) fail(`--style-bin-width must be a number ≥ 0 (standard deviations), got "${binText}"`);
  if (binText !== undefined && !withStyle) fail("--style-bin-width needs --style-control");
  const threadsText = values["style-threads"] as string | undefined;
  const styleThreads = threadsText === undefined ? 2 : Number(threadsText);
  if (!(Number.isInteger(styleThreads) && styleThreads >= 1 && styleThreads <= 64)) fail(`--style-threads must be an integer from 1 to 64, got "${threadsText}"`);
  if (threadsText !== undefined && !withStyle) fail("--style-threads needs --style-control");
  const cluster = (values.cluster as string | undefined) ?? "vote";
  if (!(CLUSTER_UNITS as readonly string[]).includes(cluster)) fail(`--cluster must be one of ${CLUSTER_UNITS.join(", ")}, got "${cluster}"`);

  let text: string;
  try {
    text = readFileSync(input, "utf8");
  } catch (e) {
    fail(`cannot read ${input}: ${(e as Error).message}`);
  }
  let parsed: ReturnType<typeof parseCleanBattles>;
  try {
    parsed = parseCleanBattles(text);
  } catch (e) {
    if (e instanceof CleanBattleParseError) fail(`${input}: ${e.message}`);
    throw e;
  }
  const { models, votes, skipped } = parsed;
  process.stderr.write(`read ${parsed.records} records: ${votes.modelA.length} votes over ${models.length} models, ${skipped.total} skipped\n`);
  if (anchor !== undefined && !models.includes(anchor)) fail(`--anchor ${anchor}: no such model in ${input}`);

  const counts = aggregateVotes(votes.modelA, votes.modelB, votes.outcome, models.length);
  const byAnnotator = cluster === "annotator" || cluster === "annotator,prompt";
  const byPrompt = cluster === "prompt" || cluster === "annotator,prompt";
  if (byAnnotator && parsed.annotators.includes(-1)) fail(`--cluster ${cluster}: some records have no judge (the annotator)`);
  if (byPrompt && parsed.prompts.includes(-1)) fail(`--cluster ${cluster}: some records have no question_id (the prompt)`);
  const clusteredVotes =
    cluster === "vote"
      ? undefined
      : {
          ...votes,
          cluster: byAnnotator ? parsed.annotators : parsed.prompts,
          second: cluster === "annotator,prompt" ? parsed.prompts : undefined,
          count: new Float64Array(votes.modelA.length).fill(1),
        };
  let lastStage = "";
  const board = computeLeaderboard(counts, models, {
    bootstrap,
    seed,
    ties,
    bothBad,
    k,
    permutations,
    anchor,
    minPairVotes,
    minVotes,
    cluster: cluster as ClusterUnit,
    clusteredVotes,
    elo: votes,
    onProgress: (stage, done, total) => {
      if (stage !== lastStage || done === total || done % 200 === 0) process.stderr.write(`${stage} ${done}/${total}\n`);
      lastStage = stage;
    },
  });

  const warnings = [...board.warnings];
  if (skipped.sameModel > 0) warnings.push({ code: "skipped-votes", message: `${skipped.sameModel} rows with the same model on both sides skipped`, models: [] });
  if (skipped.unknownWinner > 0) warnings.push({ code: "skipped-votes", message: `${skipped.unknownWinner} rows with an unknown winner skipped`, models: [] });

  const style = withStyle ? await styleControlOutput() : undefined;

  async function styleControlOutput() {
    // Only votes whose record carries all eight conv_metadata counts enter the style fit.
    const keep: number[] = [];
    for (let v = 0; v < votes.modelA.length; v++) {
      let complete = true;
      for (let k = 0; k < 4; k++) if (Number.isNaN(parsed.styleA[v * 4 + k]) || Number.isNaN(parsed.styleB[v * 4 + k])) complete = false;
      if (complete) keep.push(v);
    }
    if (keep.length === 0) fail(`--style-control: no record in ${input} has conv_metadata with ${["sum_assistant_a_tokens", "header_count_a", "list_count_a", "bold_count_a"].join(", ")} and their _b counterparts`);
    if (anchor !== undefined) {
      const a = models.indexOf(anchor);
      if (!keep.some((v) => votes.modelA[v] === a || votes.modelB[v] === a)) fail(`--anchor ${anchor}: the model has no vote with conv_metadata, so it cannot anchor the style fit`);
    }
    const pick = <T extends Int32Array | Uint8Array>(a: T, make: (len: number) => T): T => {
      const out = make(keep.length);
      keep.forEach((v, x) => (out[x] = a[v]));
      return out;
    };
    const styleVotes = {
      modelA: pick(votes.modelA, (l) => new Int32Array(l)),
      modelB: pick(votes.modelB, (l) => new Int32Array(l)),
      outcome: pick(votes.outcome, (l) => new Uint8Array(l)),
    };
    const countsA = new Float64Array(keep.length * 4);
    const countsB = new Float64Array(keep.length * 4);
    keep.forEach((v, x) => {
      for (let k = 0; k < 4; k++) {
        countsA[x * 4 + k] = parsed.styleA[v * 4 + k];
        countsB[x * 4 + k] = parsed.styleB[v * 4 + k];
      }
    });
    // With --cluster the style intervals resample the same units as the raw ones (judges and/or question ids).
    const styleClusters = cluster === "vote" ? undefined : pick(byAnnotator ? parsed.annotators : parsed.prompts, (l) => new Int32Array(l));
    const styleSecond = cluster === "annotator,prompt" ? pick(parsed.prompts, (l) => new Int32Array(l)) : undefined;
    const cells = buildStyleCells(styleVotes, styleDifferences(countsA, countsB), models.length, { ties, bothBad, binWidth, clusters: styleClusters, secondClusters: styleSecond });
    // As on the leaderboard: below 10 votes per estimated quantity the joint fit can explain the votes by style alone.
    const tooSmall = styleFitTooSmall(cells);
    if (tooSmall) {
      fail(`--style-control: ${tooSmall.votes} votes with conv_metadata for ${tooSmall.parameters} estimated quantities (model strengths and style coefficients); the style fit needs at least ${tooSmall.needed} (10 per quantity).`);
    }
    let fit: StyleControlResult;
    try {
      fit = await styleControlParallel(cells, {
        threads: styleThreads,
        rounds: bootstrap,
        seed,
        anchor: anchor === undefined ? undefined : models.indexOf(anchor),
        onProgress: (done, total) => {
          if (done === total || done % 200 === 0) process.stderr.write(`style-bootstrap ${done}/${total}\n`);
        },
      });
    } catch (e) {
      // e.g. the anchor model has no vote with conv_metadata
      if (e instanceof RangeError) fail(`--style-control: ${e.message}`);
      throw e;
    }
    // rank = rank(UB), the best end of the rank interval, as the raw rows' displayed rank.
    const byModel = new Map(
      models.map((m, i) => [m, { rating: fit.ratings[i], ciLow: fit.ciLow[i], ciHigh: fit.ciHigh[i], rank: fit.rankBest[i], rankBest: fit.rankBest[i], rankWorst: fit.rankWorst[i] }]),
    );
    const missing = votes.modelA.length - keep.length;
    if (missing > 0) warnings.push({ code: "skipped-votes", message: `${missing} votes without complete conv_metadata left out of the style fit`, models: [] });
    // The API's `styleControl` shape (lib/ratings/style-summary.ts), at full precision (the API rounds to 0.1 point);
    // what only the CLI reports (log-odds, feature scale, cells, convergence) is under `diagnostics`.
    // A feature constant over the votes (e.g. no answer has headers) is not estimated: null, and varies false
    // (as the API's coefficients), not a 0 that reads as a precisely measured zero.
    const varies = (k: number) => cells.featureSd[k]! > 0;
    const estimate = (k: number, x: number | undefined) => (varies(k) ? (x ?? null) : null);
    const summary = {
      votes: cells.votes,
      withoutFeatures: missing,
      rounds: fit.rounds,
      // What the style intervals resampled: votes, or the --cluster units (widened for few clusters; null = unbounded).
      interval: { cluster, clusters: fit.interval.clusters, secondClusters: fit.interval.secondClusters, widen: Number.isFinite(fit.interval.widen) ? fit.interval.widen : null },
      coefficients: STYLE_FEATURES.map((feature, k) => ({
        feature,
        points: estimate(k, fit.coefficientPoints[k]),
        low: estimate(k, fit.coefficientPointsLow[k]),
        high: estimate(k, fit.coefficientPointsHigh[k]),
        varies: varies(k),
      })),
      // Too few votes is refused above, so never set here.
      tooFewVotes: null,
    } satisfies StyleControlSummary;
    const diagnostics = {
      features: STYLE_FEATURES.map((feature, k) => ({
        feature,
        logOdds: estimate(k, fit.coefficients[k]),
        logOddsLow: estimate(k, fit.coefficientLow[k]),
        logOddsHigh: estimate(k, fit.coefficientHigh[k]),
        mean: cells.featureMean[k],
        sd: cells.featureSd[k],
      })),
      cells: cells.cellI.length,
      binWidth,
      converged: fit.converged,
      priorApplied: fit.priorApplied,
      roundsWithPrior: fit.roundsWithPrior,
    };
    return { byModel, summary, diagnostics };
  }

  const output = {
    models: style ? board.models.map((row) => ({ ...row, style: style.byModel.get(row.model) })) : board.models,
    ...(style ? { styleControl: style.summary, styleDiagnostics: style.diagnostics } : {}),
    transitivity: board.transitivity,
    warnings,
    meta: {
      votes: votes.modelA.length,
      skipped: skipped.total,
      skippedSameModel: skipped.sameModel,
      skippedUnknownWinner: skipped.unknownWinner,
      bootstrap,
      seed,
      ties,
      bothBad,
      k,
      permutations,
      anchor: board.meta.anchor,
      styleControl: withStyle,
      minVotes,
      interval: board.meta.interval,
      groups: board.meta.groups,
      rated: board.meta.rated,
      preliminary: board.meta.preliminary,
      unrankable: board.meta.unrankable,
      ms: Math.round(performance.now() - started),
    },
  };
  process.stdout.write(JSON.stringify(output) + "\n");
}

await main();
