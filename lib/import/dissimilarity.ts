// How different two responses to the same prompt are, computed offline at import (no model needed).
// The scheduler prefers prompts whose two responses differ most: such battles produce fewer ties.
//
// Formula (0 = identical, 1 = nothing in common):
//   dissimilarity(a, b) = 0.8 · (1 − |G(a) ∩ G(b)| / |G(a) ∪ G(b)|) + 0.2 · (1 − min(|a|, |b|) / max(|a|, |b|))
// where G(x) is the set of character 3-grams (hashed to 30 bits) of normalise(x) and |x| its length in code units after
// normalise. normalise: NFC, lower case, Arabic diacritics (U+064B–U+065F, U+0670) and tatweel (U+0640)
// removed, alef forms (أ إ آ ٱ) → ا, ى → ي, ة → ه, runs of whitespace → one space, trimmed.
// Texts shorter than three characters have no 3-grams: their Jaccard term is 1 when equal, else 0.
// Pure: no I/O, deterministic.

export const jaccardWeight = 0.8;
export const lengthWeight = 0.2;

const arabicMarks = /[\u064B-\u065F\u0670\u0640]/g;
const alefForms = /[\u0622\u0623\u0625\u0671]/g;

export function normaliseForComparison(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(arabicMarks, "")
    .replace(alefForms, "\u0627")
    .replace(/\u0649/g, "\u064A")
    .replace(/\u0629/g, "\u0647")
    .replace(/\s+/g, " ")
    .trim();
}

// 3-gram identity: the three UTF-16 code units hashed to 30 bits (a small integer, fast as a Map key).
// Two different 3-grams of one prompt's responses collide with negligible probability (~10⁻³ per prompt),
// which moves a score by a fraction of a percent at most.
function gramKey(s: string, i: number): number {
  return (Math.imul(s.charCodeAt(i), 0x01000193) ^ Math.imul(s.charCodeAt(i + 1), 0x00010003) ^ s.charCodeAt(i + 2)) & 0x3fffffff;
}

// All pairwise dissimilarities of a few responses to one prompt (scores[i][j], symmetric, 0 on the
// diagonal). One pass over each text: every distinct 3-gram maps to a bit mask of the responses containing
// it, so the pairs' intersections and unions come from one walk over the masks (at most 30 responses).
export function dissimilarityMatrix(texts: readonly string[]): number[][] {
  const n = texts.length;
  if (n > 30) throw new Error("dissimilarityMatrix takes at most 30 texts");
  const normalised = texts.map(normaliseForComparison);
  const masks = new Map<number, number>();
  const sizes = new Array<number>(n).fill(0);
  normalised.forEach((s, index) => {
    const bit = 1 << index;
    for (let i = 0; i + 2 < s.length; i++) {
      const key = gramKey(s, i);
      const mask = masks.get(key) ?? 0;
      if ((mask & bit) === 0) {
        masks.set(key, mask | bit);
        sizes[index]!++;
      }
    }
  });
  const shared = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const mask of masks.values()) {
    if ((mask & (mask - 1)) === 0) continue; // in one response only
    for (let i = 0; i < n; i++) {
      if ((mask & (1 << i)) === 0) continue;
      for (let j = i + 1; j < n; j++) if (mask & (1 << j)) shared[i]![j]!++;
    }
  }
  const scores = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = normalised[i]!;
      const b = normalised[j]!;
      let jaccard: number;
      if (a.length < 3 || b.length < 3) jaccard = a === b ? 1 : 0;
      else {
        const union = sizes[i]! + sizes[j]! - shared[i]![j]!;
        jaccard = union === 0 ? 1 : shared[i]![j]! / union;
      }
      const longer = Math.max(a.length, b.length);
      const lengthTerm = longer === 0 ? 0 : 1 - Math.min(a.length, b.length) / longer;
      const score = Math.min(1, Math.max(0, jaccardWeight * (1 - jaccard) + lengthWeight * lengthTerm));
      scores[i]![j] = score;
      scores[j]![i] = score;
    }
  }
  return scores;
}

export function dissimilarity(a: string, b: string): number {
  return dissimilarityMatrix([a, b])[0]![1]!;
}
