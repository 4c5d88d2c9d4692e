// npm run bench:scheduler: the scheduler's pure choice against uniform random pairing, in memory (no database).
// 10 models with known ratings, 400 prompts (all models answered all of them; each prompt + pair gets a
// dissimilarity drawn uniformly from [0, 1]), 60 annotators voting in turn, never the same prompt + pair twice.
// Ties: P(tie) = 0.05 + 0.35·(1 − dissimilarity). Each strategy runs on the same worlds (seeds).
// "Resolved" = top-5 order right and the 95% bootstrap CIs of adjacent top-5 models disjoint; checked every
// 250 votes with 200 bootstrap rounds (the leaderboard uses 1000; fewer here to keep the run short).
//
//   npm run bench:scheduler                   12 seeds
//   npm run bench:scheduler -- --seeds 30
import { parseArgs } from "node:util";
import { simulate, type SimulationResult, type Strategy } from "../lib/scheduler/simulate";

const { values: args } = parseArgs({ options: { seeds: { type: "string", default: "12" }, "max-votes": { type: "string", default: "60000" } } });
const seeds = Array.from({ length: Number(args.seeds) }, (_, k) => k + 1);
const maxVotes = Number(args["max-votes"]);
const trueRatings = [1200, 1165, 1130, 1095, 1060, 1010, 980, 940, 900, 850];
const widthAt = 3_000;
const strategies: Strategy[] = ["uniform", "scheduler", "scheduler-no-dissimilarity"];

const meanSd = (xs: number[]) => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean, sd };
};

const started = performance.now();
const results = new Map<Strategy, SimulationResult[]>();
for (const strategy of strategies) {
  results.set(strategy, seeds.map((seed) => simulate({ strategy, seed, trueRatings, maxVotes, widthAt })));
}

type Summary = { strategy: Strategy; votesToResolve: { mean: number; sd: number }; unresolved: number; ciWidthAll: { mean: number; sd: number }; ciWidthTop5: { mean: number; sd: number }; tieRate: { mean: number; sd: number } };
// An unresolved run counts as maxVotes (a lower bound on its true cost) and is reported.
const summaries: Summary[] = strategies.map((strategy) => {
  const rs = results.get(strategy)!;
  return {
    strategy,
    votesToResolve: meanSd(rs.map((r) => r.votesToResolve ?? maxVotes)),
    unresolved: rs.filter((r) => r.votesToResolve === null).length,
    ciWidthAll: meanSd(rs.map((r) => r.ciWidthAll)),
    ciWidthTop5: meanSd(rs.map((r) => r.ciWidthTop)),
    tieRate: meanSd(rs.map((r) => r.tieRate)),
  };
});

const uniform = summaries[0]!;
const fmt = (x: { mean: number; sd: number }, digits = 0) => `${x.mean.toFixed(digits)} ± ${x.sd.toFixed(digits)}`;
console.log(`Scheduler vs uniform random pairing — ${seeds.length} seeds, models ${trueRatings.join("/")}, mean ± sd\n`);
console.log(["strategy".padEnd(28), "votes to resolve top-5".padEnd(24), "unresolved", `CI width @${widthAt} (all)`.padEnd(22), "CI width (top-5)".padEnd(18), "tie rate".padEnd(16), "votes vs uniform"].join(" "));
for (const s of summaries) {
  const saving = 1 - s.votesToResolve.mean / uniform.votesToResolve.mean;
  console.log(
    [s.strategy.padEnd(28), fmt(s.votesToResolve).padEnd(24), String(s.unresolved).padEnd(10), fmt(s.ciWidthAll, 1).padEnd(22), fmt(s.ciWidthTop5, 1).padEnd(18), `${(s.tieRate.mean * 100).toFixed(1)}% ± ${(s.tieRate.sd * 100).toFixed(1)}`.padEnd(16), s === uniform ? "—" : `${(saving * 100).toFixed(1)}% fewer`].join(" "),
  );
}
const scheduler = summaries[1]!;
const saving = 1 - scheduler.votesToResolve.mean / uniform.votesToResolve.mean;
const perSeedSavings = seeds.map((_, k) => 1 - (results.get("scheduler")![k]!.votesToResolve ?? maxVotes) / (results.get("uniform")![k]!.votesToResolve ?? maxVotes));
const targetMet = saving >= 0.3 && scheduler.tieRate.mean < uniform.tieRate.mean;
console.log(`\nscheduler: ${(saving * 100).toFixed(1)}% fewer votes than uniform (target ≥ 30%), tie rate ${(scheduler.tieRate.mean * 100).toFixed(1)}% vs ${(uniform.tieRate.mean * 100).toFixed(1)}% — target ${targetMet ? "MET" : "NOT met"}`);
console.log(
  JSON.stringify({
    bench: "scheduler",
    seeds: seeds.length,
    bootstrapRoundsPerCheck: 200,
    checkEvery: 250,
    widthAt,
    summaries,
    saving: Math.round(saving * 1000) / 1000,
    perSeedSaving: meanSd(perSeedSavings),
    targetMet,
    elapsedMs: Math.round(performance.now() - started),
  }),
);
