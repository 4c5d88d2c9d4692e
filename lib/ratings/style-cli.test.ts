import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCleanBattles, styleCount } from "./parse-clean-battles";
import { createRandom } from "./random";
import { styleCoefficientKeys, styleControlSummaryKeys } from "./style-summary";

const root = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "ratings-style-cli-"));

function run(content: string, name: string, args: string[] = []) {
  const file = join(dir, name);
  writeFileSync(file, content);
  return spawnSync("npx", ["tsx", "scripts/ratings.ts", "--input", file, ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
}

/** clean_battle rows with FastChat's conv_metadata; the weaker model writes 4× longer and length wins votes. */
function styledBattles(votes: number) {
  const rng = createRandom(17);
  const models = ["strong", "middle", "weak-verbose"];
  const theta = [0.4, 0.2, 0];
  const tokens = [150, 300, 600];
  const rows: object[] = [];
  for (let v = 0; v < votes; v++) {
    const a = rng.nextInt(3);
    let b = rng.nextInt(2);
    if (b >= a) b++;
    const ta = Math.round(tokens[a] * (0.5 + rng.nextDouble()));
    const tb = Math.round(tokens[b] * (0.5 + rng.nextDouble()));
    const eta = theta[a] - theta[b] + 1.5 * ((ta - tb) / (ta + tb + 1));
    const u = rng.nextDouble();
    const winner = u < 0.1 ? "tie" : rng.nextDouble() < 1 / (1 + Math.exp(-eta)) ? "model_a" : "model_b";
    rows.push({
      model_a: models[a],
      model_b: models[b],
      winner,
      conv_metadata: {
        sum_assistant_a_tokens: ta,
        sum_assistant_b_tokens: tb,
        // FastChat stores markdown counts as objects whose values are summed.
        header_count_a: { h1: rng.nextInt(2), h2: rng.nextInt(3) },
        header_count_b: { h1: rng.nextInt(2), h2: rng.nextInt(3) },
        list_count_a: { ordered: rng.nextInt(5), unordered: rng.nextInt(5) },
        list_count_b: { ordered: rng.nextInt(5), unordered: rng.nextInt(5) },
        bold_count_a: { "**": rng.nextInt(4), __: 0 },
        bold_count_b: rng.nextInt(4),
      },
    });
  }
  return rows;
}

describe("conv_metadata style counts", () => {
  it("reads numbers, sums objects, and marks anything else missing", () => {
    expect(styleCount(12)).toBe(12);
    expect(styleCount({ h1: 2, h2: 1, h3: 0 })).toBe(3);
    expect(Number.isNaN(styleCount(undefined))).toBe(true);
    expect(Number.isNaN(styleCount({ h1: "2" }))).toBe(true);
    const parsed = parseCleanBattles(
      [
        { model_a: "x", model_b: "y", winner: "model_a", conv_metadata: { sum_assistant_a_tokens: 10, sum_assistant_b_tokens: 4, header_count_a: { h1: 1 }, header_count_b: { h1: 0 }, list_count_a: 2, list_count_b: { ordered: 1, unordered: 2 }, bold_count_a: 0, bold_count_b: 1 } },
        { model_a: "y", model_b: "x", winner: "tie" },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n"),
    );
    expect(Array.from(parsed.styleA.subarray(0, 4))).toEqual([10, 1, 2, 0]);
    expect(Array.from(parsed.styleB.subarray(0, 4))).toEqual([4, 0, 3, 1]);
    expect(parsed.styleMissing).toBe(1);
    expect(Number.isNaN(parsed.styleA[4])).toBe(true);
  });
});

describe("scripts/ratings.ts --style-control", () => {
  it("prints style-controlled ratings, intervals and ranks beside the raw ones, and the coefficients", () => {
    const rows = styledBattles(6000);
    rows.push({ model_a: "strong", model_b: "middle", winner: "model_a" }); // no conv_metadata
    const r = run(rows.map((o) => JSON.stringify(o)).join("\n") + "\n", "styled.jsonl", ["--style-control", "--bootstrap", "100", "--permutations", "0", "--seed", "2"]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    type Row = { model: string; rating: number; rankBest: number; style: { rating: number; ciLow: number; ciHigh: number; rank: number; rankBest: number; rankWorst: number } };
    const byName = new Map<string, Row>(out.models.map((m: Row) => [m.model, m]));
    // Raw: the verbose weak model is on top; controlled: the true order.
    const raw = [...byName.values()].sort((a, b) => b.rating - a.rating).map((m) => m.model);
    expect(raw[0]).toBe("weak-verbose");
    const controlled = [...byName.values()].sort((a, b) => b.style.rating - a.style.rating).map((m) => m.model);
    expect(controlled).toEqual(["strong", "middle", "weak-verbose"]);
    // The displayed style rank is rank(UB), like the raw one.
    expect(byName.get("strong")!.style.rank).toBe(1);
    for (const m of byName.values()) expect(m.style.rank).toBe(m.style.rankBest);
    for (const m of byName.values()) {
      expect(m.style.ciLow).toBeLessThan(m.style.rating);
      expect(m.style.ciHigh).toBeGreaterThan(m.style.rating);
      expect(m.style.rankBest).toBeLessThanOrEqual(m.style.rankWorst);
    }
    // The leaderboard API's styleControl block, field for field (lib/ratings/style-summary.ts).
    expect(Object.keys(out.styleControl)).toEqual([...styleControlSummaryKeys]);
    expect(Object.keys(out.styleControl.interval)).toEqual(["cluster", "clusters", "secondClusters", "widen"]);
    for (const c of out.styleControl.coefficients) expect(Object.keys(c)).toEqual([...styleCoefficientKeys]);
    expect(out.styleControl.coefficients.map((f: { feature: string }) => f.feature)).toEqual(["length", "headers", "lists", "bold"]);
    const length = out.styleControl.coefficients[0];
    expect(length.points).toBeGreaterThan(20);
    expect(length.low).toBeLessThan(length.points);
    expect(length.high).toBeGreaterThan(length.points);
    expect(out.styleControl).toMatchObject({ votes: 6000, withoutFeatures: 1, rounds: 100, tooFewVotes: null });
    // What only the CLI reports sits beside it: log-odds (points × ln 10 / 400), the feature scale, the cells.
    const diag = out.styleDiagnostics.features[0];
    expect(diag.feature).toBe("length");
    expect(diag.logOdds).toBeCloseTo((length.points * Math.LN10) / 400, 9);
    expect(out.styleDiagnostics.cells).toBeGreaterThan(0);
    expect(out.warnings.some((w: { message: string }) => /1 votes without complete conv_metadata/.test(w.message))).toBe(true);
    expect(out.meta.styleControl).toBe(true);
    expect(out.styleControl.interval).toMatchObject({ cluster: "vote", widen: 1 });
  });

  it("resamples judges for the style intervals with --cluster annotator (wider than votes, widened for few judges)", () => {
    const rows = styledBattles(3000).map((row, v) => ({ ...row, judge: `judge-${v % 12}`, question_id: `q${v % 300}` }));
    const text = rows.map((o) => JSON.stringify(o)).join("\n") + "\n";
    const args = ["--style-control", "--bootstrap", "100", "--permutations", "0", "--seed", "2"];
    const byVote = JSON.parse(run(text, "judged.jsonl", args).stdout);
    const r = run(text, "judged2.jsonl", [...args, "--cluster", "annotator"]);
    expect(r.status).toBe(0);
    const byJudge = JSON.parse(r.stdout);
    expect(byJudge.styleControl.interval).toMatchObject({ cluster: "annotator", clusters: 12, secondClusters: null });
    expect(byJudge.styleControl.interval.widen).toBeGreaterThan(1);
    expect(byJudge.styleControl.coefficients[0].points).toBeCloseTo(byVote.styleControl.coefficients[0].points, 6);
  });

  it("fails with a clear message when no record carries conv_metadata, or on a bad bin width", () => {
    const plain = [{ model_a: "x", model_b: "y", winner: "model_a" }, { model_a: "y", model_b: "x", winner: "model_a" }];
    const r = run(plain.map((o) => JSON.stringify(o)).join("\n"), "plain.jsonl", ["--style-control", "--bootstrap", "10", "--permutations", "0"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--style-control: no record .* has conv_metadata/);
    const bad = run(plain.map((o) => JSON.stringify(o)).join("\n"), "plain2.jsonl", ["--style-control", "--style-bin-width", "wide"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--style-bin-width must be a number ≥ 0/);
  });

  it("gives a feature that never varies as not estimated (varies false, null), not as a measured 0", () => {
    // No answer has headers: header_count is 0 on both sides of every record.
    const rows = styledBattles(600).map((o) => {
      const row = o as { conv_metadata: Record<string, unknown> };
      return { ...row, conv_metadata: { ...row.conv_metadata, header_count_a: 0, header_count_b: { h1: 0 } } };
    });
    const r = run(rows.map((o) => JSON.stringify(o)).join("\n") + "\n", "noheaders.jsonl", ["--style-control", "--bootstrap", "50", "--permutations", "0", "--style-threads", "1"]);
    expect(r.status, r.stderr).toBe(0);
    const features = JSON.parse(r.stdout).styleControl.coefficients as { feature: string; varies: boolean; points: number | null; low: number | null; high: number | null }[];
    expect(features.find((f) => f.feature === "headers")).toMatchObject({ varies: false, points: null, low: null, high: null });
    expect(features.find((f) => f.feature === "length")).toMatchObject({ varies: true, points: expect.any(Number) });
  });

  it("refuses a style fit on fewer than 10 votes per estimated quantity, saying how many it needs", () => {
    const rows = styledBattles(12);
    const r = run(rows.map((o) => JSON.stringify(o)).join("\n") + "\n", "few.jsonl", ["--style-control", "--bootstrap", "10", "--permutations", "0", "--style-threads", "1"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--style-control: 12 votes with conv_metadata for 6 estimated quantities .* needs at least 60/);
  });
});
