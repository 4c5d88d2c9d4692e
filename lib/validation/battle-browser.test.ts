import { describe, expect, it } from "vitest";
import { battleBrowserSchema, decodeCursor, encodeCursor } from "./battle-browser";

describe("battle browser cursors", () => {
  it("round-trip any stored vote id (not only version-4 UUIDs: imported and synthetic ids are md5-shaped)", () => {
    for (const id of ["0b6d6b2e-3b7a-4c1e-9a51-2f7f0c6b1d10", "8a1f0c2e-94d3-1b77-c0de-deadbeef0123"]) {
      const cursor = encodeCursor({ createdAt: "2026-11-01T12:00:00.123000Z", id });
      expect(decodeCursor(cursor)).toEqual({ createdAt: "2026-11-01T12:00:00.123000Z", id });
      expect(battleBrowserSchema.parse({ after: cursor }).after).toEqual({ createdAt: "2026-11-01T12:00:00.123000Z", id });
    }
  });

  it("refuses what the server never issues", () => {
    for (const bad of ["", "!!", Buffer.from("2026-11-01|x").toString("base64url"), Buffer.from("yesterday|0b6d6b2e-3b7a-4c1e-9a51-2f7f0c6b1d10").toString("base64url")]) {
      if (bad) expect(decodeCursor(bad)).toBeNull();
    }
    expect(battleBrowserSchema.safeParse({ after: encodeCursor({ createdAt: "2026-11-01T12:00:00.000Z", id: "0b6d6b2e-3b7a-4c1e-9a51-2f7f0c6b1d10" }), before: encodeCursor({ createdAt: "2026-11-01T12:00:00.000Z", id: "0b6d6b2e-3b7a-4c1e-9a51-2f7f0c6b1d10" }) }).success).toBe(false);
  });
});
