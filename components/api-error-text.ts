import type { ApiFailure } from "./battle/post-json";

// An API failure in the UI language: the message kept for its code under apiErrors (both languages have
// one for every code the API answers with: tests/integration/api-error-messages.test.ts), else a generic
// sentence with the HTTP status. Never the server's English text.
type Translate = ((key: string, values?: Record<string, string | number>) => string) & { has: (key: string) => boolean };

export function apiErrorText(t: Translate, failure: ApiFailure): string {
  const seconds = Math.max(1, Math.ceil(Number(failure.details?.retryAfterSeconds ?? 1)) || 1);
  const values = { status: failure.status, seconds, minutes: Math.ceil(seconds / 60) };
  // A long wait (a live-prompt or skip budget spent) reads in minutes: "wait 1,992 seconds" said nothing.
  if (failure.code === "rate_limited" && seconds >= 120) return t("apiErrors.rate_limited_minutes", values);
  return t.has(`apiErrors.${failure.code}`) ? t(`apiErrors.${failure.code}`, values) : t("apiErrors.http", values);
}
