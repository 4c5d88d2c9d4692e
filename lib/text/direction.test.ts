import { describe, expect, it } from "vitest";
import { firstStrongDirection } from "./direction";

describe("firstStrongDirection", () => {
  it("takes the first letter, skipping digits and punctuation", () => {
    expect(firstStrongDirection("١٢٣ - مرحبا")).toBe("rtl");
    expect(firstStrongDirection("42. Hello مرحبا")).toBe("ltr");
    expect(firstStrongDirection("(٣) «Arena» الساحة")).toBe("ltr");
    expect(firstStrongDirection("   ،؟ مرحبا Arena")).toBe("rtl");
    expect(firstStrongDirection("שלום")).toBe("rtl");
    expect(firstStrongDirection("ﻣﺮﺣﺒﺎ")).toBe("rtl"); // presentation forms
  });

  it("is null for text without letters", () => {
    expect(firstStrongDirection("")).toBeNull();
    expect(firstStrongDirection("12.5% — 3/4 ٧")).toBeNull();
  });
});
