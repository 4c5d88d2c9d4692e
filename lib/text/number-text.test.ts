import { describe, expect, it } from "vitest";
import { fixed, roundTicks } from "./number-text";

describe("fixed", () => {
  it("never writes a negative zero", () => {
    expect(fixed(-0.001, 2)).toBe("0.00");
    expect(fixed(-0, 1)).toBe("0.0");
    expect(fixed(-0.006, 2)).toBe("-0.01");
    expect(fixed(0.456, 2)).toBe("0.46");
  });
});

describe("roundTicks", () => {
  it("puts ticks at round numbers that cover the range", () => {
    expect(roundTicks(912.3, 1087.9)).toEqual([900, 950, 1000, 1050, 1100]);
    expect(roundTicks(987, 1013)).toEqual([980, 990, 1000, 1010, 1020]);
    expect(roundTicks(0.12, 0.93)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it("copes with an empty range", () => {
    expect(roundTicks(1000, 1000)).toEqual([1000, 1000.2, 1000.4, 1000.6, 1000.8, 1001]);
  });
});
