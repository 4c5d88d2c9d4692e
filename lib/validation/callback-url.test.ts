import { describe, expect, it } from "vitest";
import { isFollowableCallbackUrl, safeCallbackPath } from "./callback-url";

describe("safeCallbackPath", () => {
  it("keeps paths on this site", () => {
    expect(safeCallbackPath("/leaderboard?language=ar#top")).toBe("/leaderboard?language=ar#top");
    expect(safeCallbackPath("/admin/campaigns/123")).toBe("/admin/campaigns/123");
    expect(safeCallbackPath("/research/./report")).toBe("/research/report");
    expect(safeCallbackPath("/a%20b")).toBe("/a%20b");
  });

  // Each of these, followed by the browser from this site, would land on another host; whatever is
  // answered must be a path that stays on the site.
  const offSite = [
    "/.//evil.example/phish",
    "/./\\evil.example",
    "/..//evil.example",
    "/a/..//evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/%5C/evil.example",
    "/%5c%5cevil.example",
    "/\\/evil.example",
    "/\\\\evil.example",
    "/\t/evil.example",
    "/.\t//evil.example",
    "/\n\r/evil.example",
    "/.\n//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/%2e%2e/%2e%2e//evil.example",
    "/.%2e//evil.example",
    "/\\/\\/evil.example",
    "/\\.//evil.example",
  ];
  it.each(offSite)("never leaves the site for %j", (raw) => {
    const path = safeCallbackPath(raw);
    expect(path).toBe("/battle");
    const site = "http://127.0.0.1:3000";
    expect(new URL(path, site).origin).toBe(site);
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
