import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-url";

describe("safeCallbackPath", () => {
  it("keeps paths on this site", () => {
    expect(safeCallbackPath("/leaderboard?language=ar#top")).toBe("/leaderboard?language=ar#top");
    expect(safeCallbackPath("/admin/campaigns/123")).toBe("/admin/campaigns/123");
  });

  it.each(["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "\\/evil.example", "https://evil.example/", "javascript:alert(1)", " /battle", "", undefined, ["/a", "/b"]])(
    "refuses %j",
    (raw) => {
      expect(safeCallbackPath(raw)).toBe("/battle");
    },
  );
});
