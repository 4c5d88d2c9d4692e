import { describe, expect, it } from "vitest";
import { annotatorAgreement, cohensKappa, krippendorffAlphaNominal, overallAlpha, type SharedItem } from "./agreement";
import { qualityFlags } from "./flags";

describe("Cohen's kappa", () => {
  it("textbook 2×2: [[20,5],[10,15]] gives p_o 0.7, p_e 0.5, κ 0.4", () => {
    const k = cohensKappa([
      [20, 5],
      [10, 15],
    ]);
    expect(k.n).toBe(50);
    expect(k.po).toBeCloseTo(0.7, 12);
    expect(k.pe).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
  });

  it("is 1 for perfect agreement and 0 for agreement at chance", () => {
    expect(cohensKappa([[10, 0, 0], [0, 5, 0], [0, 0, 3]]).kappa).toBe(1);
    // Rows and columns independent: p_o = p_e.
    expect(cohensKappa([[4, 4], [4, 4]]).kappa).toBeCloseTo(0, 12);
    // Systematic disagreement is below zero.
    expect(cohensKappa([[0, 5], [5, 0]]).kappa).toBeCloseTo(-1, 12);
  });

  it("is undefined (null) when both raters only ever used one category, and for an empty table", () => {
    expect(cohensKappa([[7, 0], [0, 0]]).kappa).toBeNull();
    expect(cohensKappa([[0, 0], [0, 0]])).toMatchObject({ kappa: null, n: 0 });
  });
});

describe("Krippendorff's alpha (nominal)", () => {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: nominal data,
  // 4 observers × 12 units with missing values (rows: observers A–D; columns: units 1–12).
  const _ = null;
  const observers = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
  ];
  const units = observers[0]!.map((_v, u) => observers.map((row) => row[u]));

  it("reproduces the worked example: α = 0.743 over 40 pairable values", () => {
    const result = krippendorffAlphaNominal(units);
    expect(result.pairable).toBe(40);
    // Unit 12 has a single value and is not pairable.
    expect(result.units).toBe(11);
    expect(result.alpha!).toBeCloseTo(0.743, 3);
    expect(Number(result.alpha!.toFixed(3))).toBe(0.743);
  });

  it("is 1 for perfect agreement, whatever the missing values", () => {
    expect(krippendorffAlphaNominal([["a", "a", null], ["b", "b", "b"], ["c", null, "c"], ["a"]]).alpha).toBe(1);
  });

  it("is undefined without variation and does not depend on the order of values within a unit", () => {
    expect(krippendorffAlphaNominal([["a", "a"], ["a", "a", "a"]]).alpha).toBeNull();
    const shuffled = units.map((u) => [...u].reverse());
    expect(krippendorffAlphaNominal(shuffled).alpha).toBeCloseTo(krippendorffAlphaNominal(units).alpha!, 12);
  });
});

describe("per-annotator agreement on shared items", () => {
  const item = (...votes: [string, "low" | "high" | "tie"][]): SharedItem => ({ votes: votes.map(([annotatorId, label]) => ({ annotatorId, label })) });

  it("pools each annotator's label against every other annotator's on the same items", () => {
    const items = [
      item(["x", "low"], ["y", "low"], ["z", "high"]),
      item(["x", "high"], ["y", "high"]),
      item(["x", "tie"], ["z", "tie"]),
    ];
    const agreement = annotatorAgreement(items);
    // x: pairs (low,low) (low,high) (high,high) (tie,tie) → table rows x, cols others.
    const x = agreement.get("x")!;
    expect(x.items).toBe(3);
    expect(x.n).toBe(4);
    expect(x.po).toBeCloseTo(3 / 4, 12);
    const expected = cohensKappa([[1, 1, 0], [0, 1, 0], [0, 0, 1]]);
    expect(x.kappa).toBeCloseTo(expected.kappa!, 12);
    // y agrees with x twice and disagrees with z once.
    expect(agreement.get("y")).toMatchObject({ items: 2, n: 3 });
    expect(agreement.get("y")!.po).toBeCloseTo(2 / 3, 12);
  });

  it("gives κ = 1 and α = 1 when everyone always agrees", () => {
    const items = [item(["x", "low"], ["y", "low"]), item(["x", "high"], ["y", "high"], ["z", "high"]), item(["y", "tie"], ["z", "tie"])];
    for (const a of annotatorAgreement(items).values()) expect(a.kappa).toBe(1);
    expect(overallAlpha(items).alpha).toBe(1);
  });

  it("ignores items with a single vote", () => {
    expect(annotatorAgreement([item(["x", "low"])]).size).toBe(0);
    expect(overallAlpha([item(["x", "low"])]).units).toBe(0);
  });
});

describe("quality flags", () => {
  it("flags low gold accuracy only with enough gold votes, and fast voting only with enough votes", () => {
    expect(qualityFlags({ votes: 20, fastVotes: 0, goldVotes: 5, goldCorrect: 2 })).toEqual(["gold"]);
    expect(qualityFlags({ votes: 20, fastVotes: 0, goldVotes: 5, goldCorrect: 3 })).toEqual([]);
    expect(qualityFlags({ votes: 20, fastVotes: 0, goldVotes: 4, goldCorrect: 0 })).toEqual([]);
    expect(qualityFlags({ votes: 10, fastVotes: 4, goldVotes: 0, goldCorrect: 0 })).toEqual(["fast"]);
    expect(qualityFlags({ votes: 10, fastVotes: 3, goldVotes: 0, goldCorrect: 0 })).toEqual([]);
    expect(qualityFlags({ votes: 9, fastVotes: 9, goldVotes: 0, goldCorrect: 0 })).toEqual([]);
    expect(qualityFlags({ votes: 30, fastVotes: 30, goldVotes: 10, goldCorrect: 1 })).toEqual(["gold", "fast"]);
  });
});
