import { describe, expect, it } from "vitest";
import { binomialUpperTail } from "./stats";

// Exact P(X ≥ k) by summing every pmf term with exact binomial coefficients.
function exactUpperTail(k: number, m: number, p: number): number {
  let sum = 0;
  let coefficient = 1;
  for (let x = 0; x <= m; x++) {
    if (x > 0) coefficient = (coefficient * (m - x + 1)) / x;
    if (x >= k) sum += coefficient * p ** x * (1 - p) ** (m - x);
  }
  return sum;
}

describe("binomialUpperTail", () => {
  it("matches exact sums on both sides of the mode, including k at the mode", () => {
    for (const [m, p] of [[3, 0.5], [4, 0.5], [10, 0.5], [25, 0.3], [40, 0.8], [1, 0.5]] as const) {
      for (let k = 0; k <= m + 1; k++) {
        expect(binomialUpperTail(k, m, p)).toBeCloseTo(exactUpperTail(k, m, p), 12);
      }
    }
  });

  it("is 0.5 for k = 2 of 3 fair coins (the case that once recursed forever)", () => {
    expect(binomialUpperTail(2, 3, 0.5)).toBeCloseTo(0.5, 14);
  });
});
