import { describe, expect, it } from "vitest";
import { isFollowableCallbackUrl, safeCallbackPath } from "./callback-url";

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

describe("isFollowableCallbackUrl", () => {
  it("accepts http(s) URLs and paths, refuses other schemes and garbage", () => {
    const origin = "http://127.0.0.1:3000";
    for (const ok of ["/battle", "http://127.0.0.1:3000/x", "https://elsewhere.example/"]) expect(isFollowableCallbackUrl(ok, origin), ok).toBe(true);
    for (const bad of ["javascript:alert(1)", "data:text/html,x", "mailto:a@b.c", "not a url", ""]) expect(isFollowableCallbackUrl(bad, origin), bad).toBe(false);
  });
});
