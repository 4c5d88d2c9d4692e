import { describe, expect, it } from "vitest";
import { slidingWindow } from "./rate-limit";

describe("slidingWindow", () => {
  const w = 60;

  it("counts only the current window when the previous one was empty", () => {
    expect(slidingWindow({ count: 10, previousCount: 0, elapsedSeconds: 5, windowSeconds: w, max: 10 })).toMatchObject({ estimate: 10, limited: false });
    expect(slidingWindow({ count: 11, previousCount: 0, elapsedSeconds: 5, windowSeconds: w, max: 10 }).limited).toBe(true);
  });

  // The case a fixed window got wrong: ten attempts just before a clock boundary and one just after.
  it("does not reset at a window boundary", () => {
    const justAfter = slidingWindow({ count: 1, previousCount: 10, elapsedSeconds: 0.5, windowSeconds: w, max: 10 });
    expect(justAfter.estimate).toBeCloseTo(1 + 10 * (59.5 / 60), 12);
    expect(justAfter.limited).toBe(true);
    // Halfway through the next window half of the previous budget is still counted.
    expect(slidingWindow({ count: 5, previousCount: 10, elapsedSeconds: 30, windowSeconds: w, max: 10 })).toMatchObject({ estimate: 10, limited: false });
    expect(slidingWindow({ count: 6, previousCount: 10, elapsedSeconds: 30, windowSeconds: w, max: 10 }).limited).toBe(true);
  });

  it("says when the next hit passes, within this window or in the next", () => {
    // The next hit is the window's second: 2 + 10·(1 − (e + t)/60) <= 10 once e + t >= 12: 11.5 s more, rounded up.
    expect(slidingWindow({ count: 1, previousCount: 10, elapsedSeconds: 0.5, windowSeconds: w, max: 10 }).retryAfterSeconds).toBe(12);
    // 11 hits 20 s into a window: in the next window 1 + 11·(1 − t′/60) <= 10 once t′ >= 120/11; 40 + 10.9 → 51.
    expect(slidingWindow({ count: 11, previousCount: 0, elapsedSeconds: 20, windowSeconds: w, max: 10 }).retryAfterSeconds).toBe(51);
    // Exactly at the limit: 1 + 10·(1 − t′/60) <= 10 once t′ >= 6; 40 + 6.
    expect(slidingWindow({ count: 10, previousCount: 0, elapsedSeconds: 20, windowSeconds: w, max: 10 }).retryAfterSeconds).toBe(46);
    // Under the limit: never less than one second, as Retry-After needs.
    expect(slidingWindow({ count: 1, previousCount: 0, elapsedSeconds: 20, windowSeconds: w, max: 10 }).retryAfterSeconds).toBe(1);
  });

  it("a hit at the advertised time passes, and one a second earlier does not", () => {
    const cases = [
      { count: 1, previousCount: 10, elapsedSeconds: 0.5 },
      { count: 3, previousCount: 25, elapsedSeconds: 12.25 },
      { count: 11, previousCount: 4, elapsedSeconds: 20 },
    ];
    for (const c of cases) {
      const { retryAfterSeconds } = slidingWindow({ ...c, windowSeconds: w, max: 10 });
      const at = (t: number) => {
        const e = c.elapsedSeconds + t;
        // Where the next hit lands: this window, or the next with this window's count as its previous.
        return e < w
          ? slidingWindow({ count: c.count + 1, previousCount: c.previousCount, elapsedSeconds: e, windowSeconds: w, max: 10 })
          : slidingWindow({ count: 1, previousCount: c.count, elapsedSeconds: e - w, windowSeconds: w, max: 10 });
      };
      expect(at(retryAfterSeconds).limited).toBe(false);
      if (retryAfterSeconds > 1) expect(at(retryAfterSeconds - 1).limited).toBe(true);
    }
  });
});
