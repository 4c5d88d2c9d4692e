import { describe, expect, it } from "vitest";
import { filtersToSearchParams, parseLeaderboardFilters } from "./leaderboard-filters";

describe("leaderboard filters: rating options in the URL", () => {
  it("minVotes defaults to 50, takes a whole number, refuses anything else, and stays out of short links", () => {
    const plain = parseLeaderboardFilters(new URLSearchParams(""));
    expect(plain.success && plain.data.minVotes).toBe(50);
    const ten = parseLeaderboardFilters(new URLSearchParams("minVotes=10"));
    expect(ten.success && ten.data.minVotes).toBe(10);
    for (const bad of ["many", "-1", "2.5"]) {
      const r = parseLeaderboardFilters(new URLSearchParams(`minVotes=${bad}`));
      expect(r.success, bad).toBe(false);
    }
    expect(filtersToSearchParams(plain.success ? plain.data : {}).toString()).toBe("");
    expect(filtersToSearchParams(ten.success ? ten.data : {}).toString()).toBe("minVotes=10");
  });

  it("cluster defaults to annotator and takes vote, prompt or both", () => {
    const plain = parseLeaderboardFilters(new URLSearchParams(""));
    expect(plain.success && plain.data.cluster).toBe("annotator");
    const both = parseLeaderboardFilters(new URLSearchParams("cluster=annotator%2Cprompt"));
    expect(both.success && both.data.cluster).toBe("annotator,prompt");
    expect(parseLeaderboardFilters(new URLSearchParams("cluster=table")).success).toBe(false);
    expect(filtersToSearchParams(both.success ? both.data : {}).toString()).toBe("cluster=annotator%2Cprompt");
    expect(filtersToSearchParams(plain.success ? plain.data : {}).toString()).toBe("");
  });
});
