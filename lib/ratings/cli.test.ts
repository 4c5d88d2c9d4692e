import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "ratings-cli-"));

function run(content: string, name: string, args: string[] = []) {
  const file = join(dir, name);
  writeFileSync(file, content);
  return spawnSync("npx", ["tsx", "scripts/ratings.ts", "--input", file, ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });
}

describe("scripts/ratings.ts", () => {
  it("prints the leaderboard JSON for clean_battle JSONL, reporting skipped rows", () => {
    const rows: object[] = [];
    const pairs = [["x", "y"], ["y", "z"], ["x", "z"]];
    for (let k = 0; k < 60; k++) {
      const [a, b] = pairs[k % 3];
      rows.push({ model_a: a, model_b: b, winner: k % 4 === 0 ? "model_b" : k % 7 === 0 ? "tie (bothbad)" : "model_a", tstamp: k });
    }
    rows.push({ model_a: "x", model_b: "x", winner: "tie" }, { model_a: "x", model_b: "y", winner: "??" });
    const r = run(rows.map((o) => JSON.stringify(o)).join("\n") + "\n", "ok.jsonl", ["--bootstrap", "100", "--permutations", "10", "--seed", "3"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.models.map((m: { model: string }) => m.model)).toEqual(["x", "y", "z"]);
    expect(Object.keys(out.models[0])).toEqual(["model", "status", "reason", "group", "rank", "rating", "ciLow", "ciHigh", "ciUnbounded", "rankBest", "rankWorst", "votes", "wins", "losses", "ties", "winRate", "elo", "eloPermMean", "eloPermSd"]);
    expect(out.meta).toMatchObject({ votes: 60, skipped: 2, bootstrap: 100, seed: 3, minVotes: 50, preliminary: 3 });
    expect(out.models.map((m: { status: string }) => m.status)).toEqual(["preliminary", "preliminary", "preliminary"]);
    expect(typeof out.meta.ms).toBe("number");
    expect(out.transitivity.cycleCount).toBe(0);
    expect(r.stderr).toContain("bootstrap");
    // The same votes as a JSON array give the same ratings.
    const arr = run(JSON.stringify(rows, null, 1), "ok.json", ["--bootstrap", "100", "--permutations", "10", "--seed", "3"]);
    expect(JSON.parse(arr.stdout).models).toEqual(out.models);
    // --min-votes moves the preliminary threshold; a bad value is refused.
    const low = run(rows.map((o) => JSON.stringify(o)).join("\n"), "low.jsonl", ["--bootstrap", "0", "--permutations", "0", "--min-votes", "10"]);
    expect(JSON.parse(low.stdout).models.map((m: { status: string }) => m.status)).toEqual(["rated", "rated", "rated"]);
    const bad = run("[]", "empty.json", ["--min-votes", "many"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--min-votes must be an integer ≥ 0/);
  }, 90_000);

  it("names the line of invalid JSON and of a missing model_a, exiting non-zero", () => {
    const good = JSON.stringify({ model_a: "a", model_b: "b", winner: "model_a" });
    const bad = run([good, good, good, good, good, good, "{not json", good].join("\n"), "bad.jsonl");
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/line 7: invalid JSON/);
    expect(bad.stdout).toBe("");
    const missing = run([good, good, JSON.stringify({ model_b: "b", winner: "tie" })].join("\n"), "missing.jsonl");
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/line 3: missing model_a/);
    const arrayMissing = run(`[\n${good},\n${good},\n{"model_a": "a", "winner": "tie"}\n]`, "missing.json");
    expect(arrayMissing.stderr).toMatch(/line 4: missing model_b/);
  }, 60_000);

  it("--cluster resamples annotators (judge) or prompts (question_id) and says so in meta", () => {
    const pairs = [["x", "y"], ["y", "z"], ["x", "z"]];
    const rows = Array.from({ length: 90 }, (_, k) => ({ model_a: pairs[k % 3][0], model_b: pairs[k % 3][1], winner: k % 5 === 0 ? "model_b" : "model_a", judge: `j${k % 6}`, question_id: `q${k % 9}` }));
    const text = rows.map((o) => JSON.stringify(o)).join("\n");
    const r = run(text, "judged.jsonl", ["--bootstrap", "50", "--permutations", "0", "--cluster", "annotator"]);
    expect(r.status).toBe(0);
    const interval = JSON.parse(r.stdout).meta.interval;
    expect(interval).toMatchObject({ cluster: "annotator", clusters: 6, secondClusters: null });
    expect(interval.widen).toBeCloseTo(1.43673, 4); // t_5(0.975)/z(0.975)·√(6/5) = 2.570582/1.959964·1.095445
    const noJudge = run(JSON.stringify(rows.map(({ judge: _judge, ...rest }) => rest)), "nojudge.json", ["--cluster", "annotator"]);
    expect(noJudge.status).toBe(1);
    expect(noJudge.stderr).toMatch(/no judge/);
    const bad = run(text, "badcluster.jsonl", ["--cluster", "table"]);
    expect(bad.stderr).toMatch(/--cluster must be one of vote, annotator, prompt, annotator,prompt/);
  }, 90_000);
});
