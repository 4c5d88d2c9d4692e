import { describe, expect, it } from "vitest";
import { messages } from "@/lib/i18n/messages";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("UI messages", () => {
  it("has every key in both Arabic and English", () => {
    const en = keys(messages.en).sort();
    const ar = keys(messages.ar).sort();
    expect(ar.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !ar.includes(k))).toEqual([]);
  });

  it("has no empty Arabic strings and no untranslated copies of long English strings", () => {
    const flat = (m: Record<string, unknown>) => Object.fromEntries(keys(m).map((k) => [k, k.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], m)]));
    const en = flat(messages.en);
    const ar = flat(messages.ar);
    for (const [key, value] of Object.entries(ar)) {
      expect(String(value).trim(), key).not.toBe("");
      if (String(en[key]).length > 12 && !/^\{/.test(String(en[key]))) expect(value, key).not.toBe(en[key]);
    }
  });
});
