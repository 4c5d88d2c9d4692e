import type { StyleCells } from "./style-control";

// The usual rule of thumb for logistic regression (Peduzzi et al., 1996): about 10 outcomes per estimated
// quantity. Below it the joint style fit can separate the votes by features alone: on a 3-vote filter it put
// every model at the same rating with zero-width intervals and coefficients of thousands of points.
export const STYLE_MIN_VOTES_PER_PARAMETER = 10;

/** Quantities the style fit estimates: the strengths of the models in its cells less one, and the features that vary. */
export function styleFitParameters(cells: StyleCells): number {
  const models = new Set<number>();
  for (let c = 0; c < cells.cellI.length; c++) {
    models.add(cells.cellI[c]!);
    models.add(cells.cellJ[c]!);
  }
  let varying = 0;
  for (let k = 0; k < cells.k; k++) if (cells.featureSd[k]! > 0) varying++;
  return Math.max(0, models.size - 1) + varying;
}

/** Null when the cells hold enough votes for the style fit; otherwise how many it has, and needs. */
export function styleFitTooSmall(cells: StyleCells): { votes: number; parameters: number; needed: number } | null {
  const parameters = styleFitParameters(cells);
  const needed = STYLE_MIN_VOTES_PER_PARAMETER * Math.max(1, parameters);
  return cells.votes >= needed ? null : { votes: cells.votes, parameters, needed };
}
