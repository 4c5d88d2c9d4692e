import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dissimilarity, normaliseForComparison } from "./dissimilarity";

describe("dissimilarity", () => {
  it("is 0 for identical texts and 1 for texts with nothing in common and very different lengths", () => {
    expect(dissimilarity("The capital of Morocco is Rabat.", "The capital of Morocco is Rabat.")).toBe(0);
    expect(dissimilarity("aaaa", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")).toBeCloseTo(0.8 + 0.2 * (1 - 4 / 90));
  });

  it("follows the documented formula: 0.8 · (1 − Jaccard of 3-grams) + 0.2 · (1 − shorter/longer)", () => {
    // "abcd" → {abc, bcd}; "abce" → {abc, bce}: Jaccard 1/3, equal lengths.
    expect(dissimilarity("abcd", "abce")).toBeCloseTo(0.8 * (2 / 3));
    // "abcd" vs "abcdef": {abc,bcd} ⊂ {abc,bcd,cde,def}: Jaccard 2/4; lengths 4/6.
    expect(dissimilarity("abcd", "abcdef")).toBeCloseTo(0.8 * 0.5 + 0.2 * (1 - 4 / 6));
  });

  it("ignores Arabic diacritics, tatweel and alef forms", () => {
    expect(normaliseForComparison("إِنَّ الـعـلـمَ نُور")).toBe("ان العلم نور");
    expect(dissimilarity("أحمد ذهب إلى المدرسة", "احمد ذهب الى المدرسه")).toBe(0);
    expect(dissimilarity("مَكْتَبَةٌ كَبِيرَةٌ", "مكتبة كبيرة")).toBe(0);
  });

  it("ranks a near-copy as less dissimilar than a different answer", () => {
    const a = "عاصمة المغرب هي الرباط، وهي مدينة ساحلية على المحيط الأطلسي.";
    const nearCopy = "عاصمة المغرب هي الرباط، وهي مدينة على المحيط الأطلسي.";
    const different = "الدار البيضاء أكبر مدن البلاد.";
    expect(dissimilarity(a, nearCopy)).toBeLessThan(dissimilarity(a, different));
  });

  it("is symmetric and stays within 0..1", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const d = dissimilarity(a, b);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(1);
        expect(dissimilarity(b, a)).toBeCloseTo(d, 12);
      }),
    );
  });

  it("handles texts shorter than a 3-gram", () => {
    expect(dissimilarity("", "")).toBe(0);
    expect(dissimilarity("ok", "ok")).toBe(0);
    expect(dissimilarity("ok", "no")).toBeCloseTo(0.8);
  });
});
