import type { Locale } from "./config";

// Numbers in the UI language's conventions, the same on the server and in every browser: the locale is
// always passed (never the browser's default, which made the server's and the browser's text differ and
// broke hydration), and Arabic uses Western digits explicitly (ICU versions disagree on the default for
// "ar"), as the rest of the UI and the research tables do.
export function numberLocale(locale: string): string {
  return (locale as Locale) === "ar" ? "ar-u-nu-latn" : "en-US";
}

export function formatNumber(locale: string, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(numberLocale(locale), options).format(value);
}

// Wraps a formatted number ("-0.12", "43%") in a left-to-right isolate, so an Arabic sentence or
// right-to-left cell does not move its minus or percent sign to the other side.
export const isolateLtr = (formatted: string) => `\u2066${formatted}\u2069`;

// Wraps free text (a name an admin typed, in either script) in a first-strong isolate, so it keeps its own
// direction inside a sentence of the other language and the quotes around it stay where the sentence puts them.
export const isolate = (text: string) => `\u2068${text}\u2069`;
