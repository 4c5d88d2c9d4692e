import { describe, expect, it } from "vitest";
import { OUTCOME_A, OUTCOME_B } from "./counts";
import { STYLE_FEATURE_COUNT, buildStyleCells } from "./style-control";
import { styleFitParameters, styleFitTooSmall } from "./style-fit-size";

// Votes between `models` models in turn; the length difference alternates, the other features stay 0.
function cellsOf(votes: number, models: number) {
  const modelA = new Int32Array(votes);
  const modelB = new Int32Array(votes);
  const outcome = new Uint8Array(votes);
  const differences = new Float64Array(votes * STYLE_FEATURE_COUNT);
  for (let v = 0; v < votes; v++) {
    modelA[v] = v % models;
    modelB[v] = (v + 1) % models;
    outcome[v] = v % 3 === 0 ? OUTCOME_B : OUTCOME_A;
    differences[v * STYLE_FEATURE_COUNT] = v % 2 === 0 ? 0.5 : -0.25;
  }
  return buildStyleCells({ modelA, modelB, outcome }, differences, models);
}

describe("style fit size", () => {
  it("counts the models in the fit less one and the features that vary", () => {
    expect(styleFitParameters(cellsOf(30, 3))).toBe(3); // 2 strengths + length
  });

  it("refuses a fit below 10 votes per estimated quantity, and accepts one at it", () => {
    expect(styleFitTooSmall(cellsOf(3, 3))).toEqual({ votes: 3, parameters: 3, needed: 30 });
    expect(styleFitTooSmall(cellsOf(29, 3))).toEqual({ votes: 29, parameters: 3, needed: 30 });
    expect(styleFitTooSmall(cellsOf(30, 3))).toBeNull();
  });
});
