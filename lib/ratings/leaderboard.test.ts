import { describe, expect, it } from "vitest";
import { aggregateVotes, countsFromRows } from "./counts";
import { computeLeaderboard } from "./leaderboard";
import { createRandom } from "./random";
import { simulateVotes } from "./test-helpers";

describe("computeLeaderboard", () => {
  it("produces sorted rows with CIs, rank intervals, totals and Elo", () => {
    const rng = createRandom(12);
    const names = ["m0", "m1", "m2", "m3", "m4"];
    const v = simulateVotes(rng, [1, 0.5, 0, -0.5, -1], 4000, 0.2);
    const counts = aggregateVotes(v.modelA, v.modelB, v.outcome, 5);
    const board = computeLeaderboard(counts, names, { bootstrap: 300, elo: v, permutations: 20, includeMatrices: true });
    expect(board.models.map((r) => r.model)).toEqual(names);
    for (let k = 1; k < 5; k++) expect(board.models[k - 1].rating!).toBeGreaterThan(board.models[k].rating!);
    const mean = board.models.reduce((s, r) => s + r.rating!, 0) / 5;
    expect(mean).toBeCloseTo(1000, 9);
    for (const r of board.models) {
      expect(r.ciLow!).toBeLessThan(r.rating!);
      expect(r.ciHigh!).toBeGreaterThan(r.rating!);
      expect(r.rankBest!).toBeLessThanOrEqual(r.rankWorst!);
      expect(r.votes).toBe(r.wins + r.losses + r.ties);
      expect(r.elo).not.toBeNull();
      expect(r.eloPermSd!).toBeGreaterThan(0);
    }
    expect(board.models.reduce((s, r) => s + r.votes, 0)).toBe(8000);
    expect(board.warnings).toEqual([]);
    expect(board.matrices!.predictedWinRate[0][4]!).toBeGreaterThan(0.5);
    expect(board.transitivity.pairsChecked).toBe(10);
  });

  it("lists unbeaten and vote-less models apart instead of giving them infinite (or prior-bounded) ratings", () => {
    const models = ["champ", "mid", "low", "idle"];
    const counts = countsFromRows(
      [
        { modelA: "champ", modelB: "mid", outcome: "a", count: 8 },
        { modelA: "mid", modelB: "low", outcome: "a", count: 5 },
        { modelA: "low", modelB: "mid", outcome: "a", count: 3 },
      ],
      models,
    );
    const board = computeLeaderboard(counts, models, { bootstrap: 50 });
    const codes = board.warnings.map((w) => w.code);
    expect(codes).toContain("never-lost");
    expect(codes).toContain("no-votes");
    expect(codes).toContain("preliminary");
    expect(board.warnings.find((w) => w.code === "never-lost")!.models).toEqual(["champ"]);
    expect(board.models.map((r) => [r.model, r.status, r.reason])).toEqual([
      ["mid", "preliminary", null],
      ["low", "preliminary", null],
      ["champ", "unrankable", "never-lost"],
      ["idle", "unrankable", "no-votes"],
    ]);
    expect(board.models[3]).toMatchObject({ model: "idle", rating: null, ciLow: null, elo: null });
    expect(board.models[2]).toMatchObject({ rating: null, ciLow: null, rank: null, votes: 8, wins: 8 });
    // mid and low alone: 5–3, centred on 1000.
    expect(board.models[0].rating! + board.models[1].rating!).toBeCloseTo(2000, 9);
  });

  it("pins an anchor by name", () => {
    const counts = countsFromRows(
      [
        { modelA: "a", modelB: "b", outcome: "a", count: 6 },
        { modelA: "b", modelB: "a", outcome: "a", count: 4 },
      ],
      ["a", "b"],
    );
    const board = computeLeaderboard(counts, ["a", "b"], { bootstrap: 0, anchor: "b", anchorRating: 1200 });
    expect(board.models.find((r) => r.model === "b")!.rating).toBe(1200);
    expect(board.models[0].ciLow).toBeNull();
    expect(board.meta.anchor).toBe("b");
  });
});
