import { describe, expect, it } from "vitest";
import { OUTCOME_A, OUTCOME_B, OUTCOME_BOTH_BAD, OUTCOME_TIE } from "./counts";
import { onlineElo, permutedElo, type VoteSequence } from "./elo";
import { createRandom, shuffleInPlace } from "./random";
import { simulateVotes } from "./test-helpers";

const seq = (votes: [number, number, number][]): VoteSequence => ({
  modelA: Int32Array.from(votes, (v) => v[0]),
  modelB: Int32Array.from(votes, (v) => v[1]),
  outcome: Uint8Array.from(votes, (v) => v[2]),
});

function reorder(v: VoteSequence, order: number[]): VoteSequence {
  return {
    modelA: Int32Array.from(order, (i) => v.modelA[i]),
    modelB: Int32Array.from(order, (i) => v.modelB[i]),
    outcome: Uint8Array.from(order, (i) => v.outcome[i]),
  };
}

describe("Elo", () => {
  it("one update by hand: K·(S − E) with E = 1/(1 + 10^((Rb − Ra)/400))", () => {
    const r = onlineElo(seq([[0, 1, OUTCOME_A], [0, 1, OUTCOME_TIE]]), 2, { k: 32 });
    const first = 1000 + 32 * 0.5; // equal ratings: E = ½
    const ea = 1 / (1 + Math.pow(10, (2000 - first - first) / 400));
    expect(r[0]).toBeCloseTo(first + 32 * (0.5 - ea), 10);
    expect(r[0] + r[1]).toBeCloseTo(2000, 10);
    const dropped = onlineElo(seq([[0, 1, OUTCOME_BOTH_BAD]]), 2, { bothBad: "drop" });
    expect(Array.from(dropped)).toEqual([1000, 1000]);
    const b = onlineElo(seq([[0, 1, OUTCOME_B]]), 2);
    expect(b[1]).toBeCloseTo(1002, 12);
  });

  it("depends on vote order; the permutation average does not (beyond its seed)", () => {
    const rng = createRandom(4);
    const v = simulateVotes(rng, [0.6, 0.2, -0.1, -0.7], 3000, 0.1);
    const order = Array.from({ length: 3000 }, (_, i) => i);
    shuffleInPlace(rng, order);
    const w = reorder(v, order);
    const e1 = onlineElo(v, 4);
    const e2 = onlineElo(w, 4);
    expect(Math.max(...e1.map((x, i) => Math.abs(x - e2[i])))).toBeGreaterThan(0.5);

    const p1 = permutedElo(v, 4, { permutations: 50, seed: 3 });
    const p2 = permutedElo(w, 4, { permutations: 50, seed: 3 });
    expect(Array.from(p2.mean)).toEqual(Array.from(p1.mean)); // identical: canonical order before shuffling
    expect(Array.from(p2.sd)).toEqual(Array.from(p1.sd));
    const p3 = permutedElo(v, 4, { permutations: 50, seed: 4 });
    for (let i = 0; i < 4; i++) {
      expect(p3.mean[i]).not.toBe(p1.mean[i]);
      expect(Math.abs(p3.mean[i] - p1.mean[i])).toBeLessThan(4 * p1.sd[i] / Math.sqrt(50) + 1);
      expect(p1.sd[i]).toBeGreaterThan(0);
    }
    // Ordering of the means follows the true strengths.
    expect(p1.mean[0]).toBeGreaterThan(p1.mean[1]);
    expect(p1.mean[2]).toBeGreaterThan(p1.mean[3]);
  });

  // Its speed (< 100 ms for a million votes) is timed by `npm run bench:ratings`, not here.
  it("online Elo over a million votes is deterministic and orders clearly separated models", () => {
    const rng = createRandom(8);
    const v = simulateVotes(rng, Array.from({ length: 100 }, (_, i) => i / 50), 1_000_000, 0.1);
    const first = onlineElo(v, 100);
    expect(onlineElo(v, 100)).toEqual(first);
    expect(first[99]!).toBeGreaterThan(first[0]!);
  });
});
