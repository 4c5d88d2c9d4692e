// Shared helpers for the ratings tests: simulate Bradley–Terry votes from known strengths.
import { OUTCOME_A, OUTCOME_B, OUTCOME_TIE } from "./counts";
import type { Random } from "./random";

/** Votes over uniformly random pairs; A wins with probability σ(θ_a − θ_b); optional tie share. */
export function simulateVotes(rng: Random, theta: ArrayLike<number>, votes: number, tieShare = 0) {
  const n = theta.length;
  const modelA = new Int32Array(votes);
  const modelB = new Int32Array(votes);
  const outcome = new Uint8Array(votes);
  for (let v = 0; v < votes; v++) {
    const a = rng.nextInt(n);
    let b = rng.nextInt(n - 1);
    if (b >= a) b++;
    modelA[v] = a;
    modelB[v] = b;
    if (tieShare > 0 && rng.nextDouble() < tieShare) outcome[v] = OUTCOME_TIE;
    else outcome[v] = rng.nextDouble() < 1 / (1 + Math.exp(theta[b] - theta[a])) ? OUTCOME_A : OUTCOME_B;
  }
  return { modelA, modelB, outcome };
}
