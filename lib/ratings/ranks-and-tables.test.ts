// Issue 13 item 4: displayed rank = rank(UB); separate connected parts get separate tables.
import { describe, expect, it } from "vitest";
import { countsFromRows, type VoteCountRow } from "./counts";
import { computeLeaderboard } from "./leaderboard";
import { rankIntervals } from "./ranks";

const games = (a: string, b: string, aWins: number, bWins: number): VoteCountRow[] => [
  { modelA: a, modelB: b, outcome: "a", count: aWins },
  { modelA: a, modelB: b, outcome: "b", count: bWins },
];

describe("ranks readers expect", () => {
  it("rank(UB) = 1 + the number of models whose lower bound is above this model's upper bound", () => {
    // a and b overlap; c is clearly below both; d overlaps c only.
    const ri = rankIntervals([1100, 1090, 950, 930], [1150, 1120, 990, 960]);
    expect(Array.from(ri.best)).toEqual([1, 1, 3, 3]);
    expect(Array.from(ri.worst)).toEqual([2, 2, 4, 4]);
  });

  it("models that cannot be separated share a rank; the next distinct model ranks below all of them", () => {
    const models = ["a", "b", "c"];
    // a vs b level (200–200), both far above c.
    const counts = countsFromRows([...games("a", "b", 200, 200), ...games("a", "c", 320, 80), ...games("b", "c", 320, 80)], models);
    const board = computeLeaderboard(counts, models, { bootstrap: 500 });
    const rank = Object.fromEntries(board.models.map((r) => [r.model, r.rank]));
    expect(rank).toEqual({ a: 1, b: 1, c: 3 });
    // Without a bootstrap there are no intervals: the rank is the competition rank by rating.
    const plain = computeLeaderboard(counts, models, { bootstrap: 0 });
    expect(plain.models.map((r) => r.rank)).toEqual([1, 1, 3]);
  });

  it("separate connected parts become separate tables, each centred on its own scale", () => {
    const models = ["a", "b", "c", "x", "y"];
    const counts = countsFromRows(
      [...games("a", "b", 120, 80), ...games("b", "c", 120, 80), ...games("a", "c", 140, 60), ...games("x", "y", 70, 30)],
      models,
    );
    const board = computeLeaderboard(counts, models, { bootstrap: 200, minVotes: 0 });
    expect(board.meta.groups).toBe(2);
    expect(board.models.map((r) => [r.model, r.group, r.rank])).toEqual([
      ["a", 0, 1],
      ["b", 0, 2],
      ["c", 0, 3],
      ["x", 1, 1],
      ["y", 1, 2],
    ]);
    const mean = (g: number) => {
      const rs = board.models.filter((r) => r.group === g);
      return rs.reduce((s, r) => s + r.rating!, 0) / rs.length;
    };
    expect(mean(0)).toBeCloseTo(1000, 9);
    expect(mean(1)).toBeCloseTo(1000, 9);
    expect(board.warnings.find((w) => w.code === "disconnected")).toBeDefined();
  });

  it("an anchor pins one table and its own interval has zero width", () => {
    const models = ["a", "b", "c"];
    const counts = countsFromRows([...games("a", "b", 120, 80), ...games("b", "c", 120, 80), ...games("a", "c", 140, 60)], models);
    const board = computeLeaderboard(counts, models, { bootstrap: 200, anchor: "b", minVotes: 0 });
    const b = board.models.find((r) => r.model === "b")!;
    expect(b).toMatchObject({ rating: 1000, ciLow: 1000, ciHigh: 1000 });
    expect(board.meta.anchor).toBe("b");
  });
});
