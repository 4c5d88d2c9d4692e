import { describe, expect, it } from "vitest";
import { computeLeaderboard, countsFromRows } from "@/lib/ratings";
import type { LeaderboardResult } from "./get-leaderboard";
import { toLeaderboardPayload } from "./leaderboard-payload";

describe("leaderboard payload (page, API, exports)", () => {
  it("shows rank(UB), keys instead of ids, the vote basis and how the scale is set", () => {
    const ids = ["id-a", "id-b", "id-c", "id-d"];
    const rows = [
      { modelA: "id-a", modelB: "id-b", outcome: "a" as const, count: 200 },
      { modelA: "id-b", modelB: "id-a", outcome: "a" as const, count: 200 },
      { modelA: "id-a", modelB: "id-c", outcome: "a" as const, count: 300 },
      { modelA: "id-c", modelB: "id-a", outcome: "a" as const, count: 100 },
      { modelA: "id-b", modelB: "id-c", outcome: "a" as const, count: 300 },
      { modelA: "id-c", modelB: "id-b", outcome: "a" as const, count: 100 },
      { modelA: "id-d", modelB: "id-c", outcome: "a" as const, count: 4 },
    ];
    const leaderboard = computeLeaderboard(countsFromRows(rows, ids), ids, { bootstrap: 300, anchor: "id-c" });
    const summary = { votes: 1204, annotators: 7, firstVote: "2026-11-01T08:00:00.000Z", lastVote: "2026-11-30T17:00:00.000Z" };
    const result = {
      leaderboard,
      models: ids.map((id) => ({ id, key: id.slice(3), displayName: id.toUpperCase(), hidden: false, retired: false })),
      votes: 1204,
      summary,
      filters: {},
      computedAt: "2026-12-01T00:00:00.000Z",
      computeMs: 1,
      stageMs: {},
    } as unknown as LeaderboardResult;
    const payload = toLeaderboardPayload(result, null);
    expect(payload.entries.map((e) => [e.model, e.rank, e.status])).toEqual([
      ["a", 1, "rated"],
      ["b", 1, "rated"],
      ["c", 3, "rated"],
      ["d", null, "unrankable"],
    ]);
    expect(payload.entries[3]).toMatchObject({ reason: "never-lost", rating: null, votes: 4, wins: 4 });
    expect(payload.summary).toEqual(summary);
    expect(payload.scale).toMatchObject({ groups: 1, minVotes: 50, anchor: "c", anchorRating: 1000, unrankable: 1 });
  });

  it("gives no style rating to a model the raw table cannot rank", () => {
    const ids = ["id-a", "id-b", "id-d"];
    const rows = [
      { modelA: "id-a", modelB: "id-b", outcome: "a" as const, count: 60 },
      { modelA: "id-b", modelB: "id-a", outcome: "a" as const, count: 40 },
      { modelA: "id-d", modelB: "id-b", outcome: "a" as const, count: 3 },
    ];
    const leaderboard = computeLeaderboard(countsFromRows(rows, ids), ids, { bootstrap: 100 });
    const fitted = { rating: 1000, ciLow: 990, ciHigh: 1010, rank: 1, rankBest: 1, rankWorst: 3 };
    const result = {
      leaderboard,
      models: ids.map((id) => ({ id, key: id.slice(3), displayName: id, hidden: false, retired: false })),
      votes: 103,
      summary: { votes: 103, annotators: 2, firstVote: null, lastVote: null },
      filters: {},
      style: { byModel: { "id-a": fitted, "id-b": fitted, "id-d": fitted }, votes: 103, withoutFeatures: 0, rounds: 100, interval: { cluster: "vote", clusters: null, secondClusters: null, widen: 1 }, coefficients: [] },
      computedAt: "2026-12-01T00:00:00.000Z",
      computeMs: 1,
      stageMs: {},
    } as unknown as LeaderboardResult;
    const entries = toLeaderboardPayload(result, null).entries;
    expect(entries.find((e) => e.model === "d")).toMatchObject({ status: "unrankable", style: null });
    expect(entries.find((e) => e.model === "a")?.style).toMatchObject({ rating: 1000, rank: 1 });
  });
});
