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
