import { describe, expect, it } from "vitest";
import { createApiTokenSchema } from "./api-token";

const accepts = (name: string) => createApiTokenSchema.safeParse({ name }).success;

describe("an API token's name", () => {
  it("takes names in any script, with emoji and inner spaces, up to 100 characters", () => {
    for (const name of ["notebook", "دفتر التحليل", "CI 🔑 nightly", "x".repeat(100), "  trimmed  "]) expect(accepts(name), name).toBe(true);
  });

  it("refuses names that would show as a blank or act on a terminal: control characters, only invisible marks", () => {
    // Outside eyes issued tokens named three zero-width spaces and a lone right-to-left override: the table showed
    // blank rows and the revoke dialog asked to revoke “”.
    for (const name of ["\u200b\u200b\u200b", "\u202e", "\u2066\u2069", "\u0301", "a\nb", "red \u001b[31m", "bell\u0007", "del\u007f", "tab\there", "nul\u0000"]) {
      expect(accepts(name), JSON.stringify(name)).toBe(false);
    }
    expect(accepts(" ".repeat(5))).toBe(false);
    expect(accepts("x".repeat(101))).toBe(false);
  });
});
