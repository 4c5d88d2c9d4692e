import { describe, expect, it } from "vitest";
import { csvLine, toCsv } from "./csv";

describe("CSV cells", () => {
  it("writes booleans as true/false (false is not an empty cell) and numbers as numbers", () => {
    expect(toCsv(["beyondNoise", "change", "model"], [[false, -2, "a"], [true, 0, "=b"]])).toBe('"beyondNoise","change","model"\nfalse,-2,"a"\ntrue,0,"\'=b"\n');
    expect(csvLine([false, null, true])).toBe("false,,true\n");
  });
});
