import { describe, expect, it } from "vitest";
import {
  OUTCOME_A,
  OUTCOME_B,
  OUTCOME_BOTH_BAD,
  OUTCOME_TIE,
  aggregateVotes,
  countsFromRows,
  modelNamesFromRows,
  modelTotals,
  pairIndex,
  pairScores,
  totalVotes,
} from "./counts";

describe("counts", () => {
  it("pairIndex enumerates the upper triangle row by row", () => {
    const n = 5;
    let p = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      expect(pairIndex(n, i, j)).toBe(p);
      expect(pairIndex(n, j, i)).toBe(p);
      p++;
    }
  });

  it("aggregates typed arrays, folds sides and skips invalid votes", () => {
    const a = Int32Array.of(0, 1, 0, 2, 2, 1, 1, 5);
    const b = Int32Array.of(1, 0, 1, 0, 0, 1, 2, 0);
    const o = Uint8Array.of(OUTCOME_A, OUTCOME_A, OUTCOME_TIE, OUTCOME_B, OUTCOME_BOTH_BAD, OUTCOME_A, 9, OUTCOME_A);
    const c = aggregateVotes(a, b, o, 3);
    const p01 = pairIndex(3, 0, 1);
    const p02 = pairIndex(3, 0, 2);
    expect([c.winsI[p01], c.winsJ[p01], c.ties[p01]]).toEqual([1, 1, 1]); // 0 beat 1 once (side A), 1 beat 0 once
    expect([c.winsI[p02], c.winsJ[p02], c.bothBad[p02]]).toEqual([1, 0, 1]); // 2 (A) lost to 0 (B)
    expect(c.skipped).toBe(3); // self-pair, unknown outcome, model 5 out of range
  });

  it("countsFromRows equals aggregation of the same votes", () => {
    const models = ["x", "y", "z"];
    const rows = [
      { modelA: "x", modelB: "y", outcome: "a" as const, count: 3 },
      { modelA: "y", modelB: "x", outcome: "a" as const, count: 2n },
      { modelA: "z", modelB: "x", outcome: "tie" as const, count: "4" },
      { modelA: "z", modelB: "y", outcome: "bothbad" as const, count: 1 },
      { modelA: "z", modelB: "z", outcome: "a" as const, count: 7 },
      { modelA: "q", modelB: "z", outcome: "a" as const, count: 1 },
    ];
    const c = countsFromRows(rows, models);
    const expand = (m: string) => models.indexOf(m);
    const A: number[] = [];
    const B: number[] = [];
    const O: number[] = [];
    for (const r of rows.slice(0, 4)) for (let k = 0; k < Number(r.count); k++) {
      A.push(expand(r.modelA));
      B.push(expand(r.modelB));
      O.push({ a: 0, b: 1, tie: 2, bothbad: 3 }[r.outcome]);
    }
    const d = aggregateVotes(Int32Array.from(A), Int32Array.from(B), Uint8Array.from(O), 3);
    expect(Array.from(c.winsI)).toEqual(Array.from(d.winsI));
    expect(Array.from(c.winsJ)).toEqual(Array.from(d.winsJ));
    expect(Array.from(c.ties)).toEqual(Array.from(d.ties));
    expect(Array.from(c.bothBad)).toEqual(Array.from(d.bothBad));
    expect(c.skipped).toBe(8);
    expect(modelNamesFromRows(rows)).toEqual(["q", "x", "y", "z"]);
  });

  it("tie policies: half splits, drop removes", () => {
    const c = countsFromRows(
      [
        { modelA: "a", modelB: "b", outcome: "a", count: 4 },
        { modelA: "a", modelB: "b", outcome: "tie", count: 2 },
        { modelA: "a", modelB: "b", outcome: "bothbad", count: 6 },
      ],
      ["a", "b"],
    );
    expect(pairScores(c).scoreI[0]).toBe(8);
    expect(pairScores(c, { ties: "drop" }).scoreI[0]).toBe(7);
    expect(pairScores(c, { bothBad: "drop" }).scoreJ[0]).toBe(1);
    const t = modelTotals(c, { bothBad: "drop" });
    expect([t.votes[0], t.wins[0], t.losses[0], t.ties[0], t.winRate[0]]).toEqual([6, 4, 0, 2, 5 / 6]);
  });

  it("aggregates a million votes, none skipped", () => {
    const n = 100;
    const len = 1_000_000;
    const a = new Int32Array(len);
    const b = new Int32Array(len);
    const o = new Uint8Array(len);
    for (let v = 0; v < len; v++) {
      a[v] = v % n;
      b[v] = (v * 7 + 1) % n;
      o[v] = v & 3;
    }
    // Its speed (< 500 ms for a million votes) is timed by `npm run bench:ratings`, not here.
    const c = aggregateVotes(a, b, o, n);
    expect(c.skipped).toBe(0);
    expect(totalVotes(c)).toBe(len);
  });
});
