import { describe, expect, it } from "vitest";
import { isFastVote, minimumReadingMs } from "./reading-time";

describe("minimum reading time", () => {
  it("is 2 s plus 15 ms per character of both answers, capped at 30 s", () => {
    expect(minimumReadingMs(0, 0)).toBe(2_000);
    expect(minimumReadingMs(100, 200)).toBe(6_500);
    expect(minimumReadingMs(50_000, 50_000)).toBe(30_000);
  });

  it("flags a vote faster than that, not a slower one", () => {
    expect(isFastVote(3_000, 100, 200)).toBe(true);
    expect(isFastVote(6_500, 100, 200)).toBe(false);
  });
});
