// Text direction from content, as the Unicode bidi algorithm's "first strong character" rule (P2/P3) and
// HTML's dir="auto" decide it: digits and punctuation are neutral; the first letter decides.
export type Direction = "rtl" | "ltr";

// Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, … and their presentation forms).
const rtlLetter = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;
const letter = /\p{L}/u;

/** The direction of the first strong (letter) character, or null when the text has none. */
export function firstStrongDirection(text: string): Direction | null {
  const first = letter.exec(text);
  if (!first) return null;
  return rtlLetter.test(first[0]) ? "rtl" : "ltr";
}
