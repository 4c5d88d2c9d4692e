// Shared helpers for the ratings tests: simulate Bradley–Terry votes from known strengths (and style effects).
import { OUTCOME_A, OUTCOME_B, OUTCOME_BOTH_BAD, OUTCOME_TIE } from "./counts";
import type { Random } from "./random";
import { STYLE_FEATURE_COUNT as K, normalisedDifference } from "./style-control";

/** A uniformly random ordered pair of distinct models. */
function drawPair(rng: Random, n: number): [number, number] {
  const a = rng.nextInt(n);
  const b = rng.nextInt(n - 1);
  return [a, b >= a ? b + 1 : b];
}

/** Votes over uniformly random pairs; A wins with probability σ(θ_a − θ_b); optional tie share. */
export function simulateVotes(rng: Random, theta: ArrayLike<number>, votes: number, tieShare = 0) {
  const n = theta.length;
  const modelA = new Int32Array(votes);
  const modelB = new Int32Array(votes);
  const outcome = new Uint8Array(votes);
  for (let v = 0; v < votes; v++) {
    const [a, b] = drawPair(rng, n);
    modelA[v] = a;
    modelB[v] = b;
    if (tieShare > 0 && rng.nextDouble() < tieShare) outcome[v] = OUTCOME_TIE;
    else outcome[v] = rng.nextDouble() < 1 / (1 + Math.exp(theta[b] - theta[a])) ? OUTCOME_A : OUTCOME_B;
  }
  return { modelA, modelB, outcome };
}

/**
 * Votes whose outcome depends on true strengths AND on response length: longer answers win more often
 * (lengthBias per unit of normalised length difference). Weak models here write long answers.
 */
export function simulateStyledVotes(
  rng: Random,
  theta: number[],
  meanTokens: number[],
  votes: number,
  lengthBias: number,
  boldBias = 0,
  tieShare = 0.1,
) {
  const n = theta.length;
  const modelA = new Int32Array(votes);
  const modelB = new Int32Array(votes);
  const outcome = new Uint8Array(votes);
  const countsA = new Float64Array(votes * K);
  const countsB = new Float64Array(votes * K);
  const draw = (m: number, out: Float64Array, v: number) => {
    out[v * K] = Math.round(meanTokens[m] * (0.5 + rng.nextDouble()));
    out[v * K + 1] = rng.nextInt(4);
    out[v * K + 2] = rng.nextInt(12);
    out[v * K + 3] = rng.nextInt(6);
  };
  for (let v = 0; v < votes; v++) {
    const [a, b] = drawPair(rng, n);
    modelA[v] = a;
    modelB[v] = b;
    draw(a, countsA, v);
    draw(b, countsB, v);
    const eta =
      theta[a] -
      theta[b] +
      lengthBias * normalisedDifference(countsA[v * K], countsB[v * K]) +
      boldBias * normalisedDifference(countsA[v * K + 3], countsB[v * K + 3]);
    const u = rng.nextDouble();
    if (u < tieShare) outcome[v] = rng.nextDouble() < 0.7 ? OUTCOME_TIE : OUTCOME_BOTH_BAD;
    else outcome[v] = rng.nextDouble() < 1 / (1 + Math.exp(-eta)) ? OUTCOME_A : OUTCOME_B;
  }
  return { votes: { modelA, modelB, outcome }, countsA, countsB };
}
