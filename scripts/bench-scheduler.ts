// npm run bench:scheduler: the scheduler's pure choice against uniform random pairing, in memory (no database).
// 10 models with known ratings, 400 prompts (all models answered all of them; each prompt + pair gets a
// dissimilarity drawn uniformly from [0, 1]), 60 annotators voting in turn, never the same prompt + pair twice.
// Strategies (lib/scheduler/simulate.ts): uniform; overlap-weights (the previous rule, pairWeights, with prompt
// priority); scheduler (schedulerWeights, the function the app calls, focus top 5, with prompt priority);
// scheduler-no-dissimilarity (the same without prompt priority). Weights are refreshed every 100 votes.
// Two tie models, because the prompt-priority gain depends on how ties arise:
//   dissimilarity: P(tie) = 0.05 + 0.35·(1 − dissimilarity)   (similar answers end in ties more often)
//   flat:          P(tie) = 0.226                             (the uniform tie rate of the model above, from nowhere)
// At fixed budgets (5k, 10k, 15k, 20k, 40k votes) each run is checked once: is the estimated top-5 the true top-5
// in the true order ("correct"), and are the 95% bootstrap intervals of each two adjacent top-5 models disjoint
// too ("resolved")? Reported as the share of runs, with a Wilson 95% interval, per strategy and tie model; the
// JSON line adds the mean margin (smallest gap between adjacent top-5 intervals, rating points; > 0 = apart).
// Snapshots at fixed budgets, not "the first time it was resolved": that flickers (a run can pass once and
// fail later checks). 200 bootstrap rounds per check (the leaderboard uses 1000); inside the runs the
// scheduler itself uses the Fisher-information covariance (no bootstrap). Every strategy meets the same
// worlds (seeds), so the runs are deterministic. Runs are spread over child processes, one per core.
//
//   npm run bench:scheduler                   30 seeds (~10 min on the shared 2-core machine)
//   npm run bench:scheduler -- --seeds 5 --budgets 10000,20000 --tie-models flat --strategies uniform,scheduler
//   npm run bench:scheduler -- --seeds 60 --jobs 2
//   npm run bench:scheduler -- --focus 10     every boundary of the 10 models alike (the app default is 5)
import { fork } from "node:child_process";
import os from "node:os";
import { parseArgs } from "node:util";
import { simulate, type SimulationResult, type Strategy } from "../lib/scheduler/simulate";

const { values: args } = parseArgs({
  options: {
    seeds: { type: "string", default: "30" },
    budgets: { type: "string", default: "5000,10000,15000,20000,40000" },
    jobs: { type: "string", default: String(os.availableParallelism()) },
    strategies: { type: "string" },
    // The scheduler's focus (ARENA_SCHEDULER_TOP_K in the app); the accuracy target stays the top 5.
    focus: { type: "string", default: "5" },
    "tie-models": { type: "string" },
    // Internal: this process is a worker running the runs whose index ≡ shard (mod jobs).
    shard: { type: "string" },
  },
});
const seeds = Array.from({ length: Number(args.seeds) }, (_, k) => k + 1);
const budgets = args.budgets.split(",").map(Number);
const trueRatings = [1200, 1165, 1130, 1095, 1060, 1010, 980, 940, 900, 850];
const strategies: Strategy[] = (args.strategies ?? "uniform,overlap-weights,scheduler,scheduler-no-dissimilarity").split(",") as Strategy[];
const tieModels = { dissimilarity: { tieBase: 0.05, tieSlope: 0.35 }, flat: { tieBase: 0.226, tieSlope: 0 } } as const;
type TieModel = keyof typeof tieModels;
const tieModelNames = (args["tie-models"] ?? "dissimilarity,flat").split(",") as TieModel[];

type Run = { tieModel: TieModel; strategy: Strategy; seed: number };
const runs: Run[] = tieModelNames.flatMap((tieModel) => strategies.flatMap((strategy) => seeds.map((seed) => ({ tieModel, strategy, seed }))));
type RunResult = Run & { result: SimulationResult };

function execute(run: Run): RunResult {
  const result = simulate({ strategy: run.strategy, seed: run.seed, trueRatings, maxVotes: Math.max(...budgets), budgets, checkEvery: Number.POSITIVE_INFINITY, focusTop: Number(args.focus), ...tieModels[run.tieModel] });
  return { ...run, result };
}

if (args.shard !== undefined) {
  const [shard, jobs] = args.shard.split("/").map(Number) as [number, number];
  const mine = runs.filter((_, k) => k % jobs === shard).map(execute);
  process.send!(mine, () => process.exit(0));
} else {
  await main();
}

// Wilson score interval for a proportion (95%).
function wilson(successes: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = successes / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = ((z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n)));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

async function main() {
  const started = performance.now();
  const jobs = Math.max(1, Number(args.jobs));
  const results = (
    await Promise.all(
      Array.from({ length: jobs }, (_, shard) => {
        const child = fork(process.argv[1]!, [...process.argv.slice(2), "--shard", `${shard}/${jobs}`], { execArgv: process.execArgv });
        return new Promise<RunResult[]>((resolve, reject) => {
          child.once("message", (m) => resolve(m as RunResult[]));
          child.once("exit", (code) => code !== 0 && reject(new Error(`worker ${shard} exited with ${code}`)));
        });
      }),
    )
  ).flat();

  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  const rows: object[] = [];
  console.log(`Scheduler vs uniform random pairing — ${seeds.length} seeds per cell, models ${trueRatings.join("/")}, scheduler focus top ${args.focus}`);
  console.log(`Share of runs with the top-5 correct and separated ("resolved"), Wilson 95% interval; "correct" = order only.\n`);
  for (const tieModel of tieModelNames) {
    console.log(`tie model: ${tieModel}`);
    console.log(["strategy".padEnd(28), "tie rate".padEnd(9), ...budgets.map((b) => `@${b / 1000}k resolved [95%] / correct`.padEnd(34))].join(" "));
    for (const strategy of strategies) {
      const rs = results.filter((r) => r.tieModel === tieModel && r.strategy === strategy);
      const tieRate = rs.reduce((s, r) => s + r.result.tieRate, 0) / rs.length;
      const cells = budgets.map((votes) => {
        const states = rs.map((r) => r.result.atBudgets.find((b) => b.votes === votes)).filter((b) => b !== undefined);
        const resolved = states.filter((b) => b.resolved).length;
        const correct = states.filter((b) => b.topKCorrect).length;
        const meanMargin = Math.round((10 * states.reduce((s, b) => s + b.margin, 0)) / states.length) / 10;
        return { votes, runs: states.length, resolved, correct, resolvedInterval: wilson(resolved, states.length), meanMargin };
      });
      console.log(
        [
          strategy.padEnd(28),
          pct(tieRate).padEnd(9),
          ...cells.map((c) => `${pct(c.resolved / c.runs)} [${pct(c.resolvedInterval[0])}–${pct(c.resolvedInterval[1])}] / ${pct(c.correct / c.runs)}`.padEnd(34)),
        ].join(" "),
      );
      rows.push({ tieModel, strategy, tieRate: Math.round(tieRate * 1000) / 1000, budgets: cells });
    }
    console.log("");
  }
  console.log(JSON.stringify({ bench: "scheduler", seeds: seeds.length, focusTop: Number(args.focus), bootstrapRoundsPerCheck: 200, rows, elapsedMs: Math.round(performance.now() - started) }));
}
