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

describe("quantiles for small-sample intervals", () => {
  it("normal and Student t quantiles match tables", async () => {
    const { normalQuantile, studentTQuantile, studentTCdf } = await import("./stats");
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829304, 8);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.70620474, 6);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.262157163, 8);
    expect(studentTQuantile(0.975, 19)).toBeCloseTo(2.093024054, 8);
    expect(studentTQuantile(0.975, 999)).toBeCloseTo(1.962341461, 8);
    expect(studentTCdf(2.093024054, 19)).toBeCloseTo(0.975, 9);
    expect(studentTQuantile(0.025, 19)).toBeCloseTo(-2.093024054, 8);
  });
});
