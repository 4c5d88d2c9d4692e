// Postgres text cannot hold NUL (U+0000), and a lone UTF-16 surrogate has no UTF-8 encoding (the
// driver would silently replace it, and jsonb refuses it). Free text with either is refused where it
// enters, with a message, instead of failing later inside the database as a 5xx.
export function isStorableText(s: string): boolean {
  return !s.includes("\u0000") && s.isWellFormed();
}

export const storableTextError = { error: "Text must not contain NUL characters or broken Unicode." };

// A short name a person reads in a list (an API token's): one line with at least one visible character. Control
// characters (a newline, a terminal escape, a bell) and a name made only of spaces, zero-width or direction marks
// would show as a blank or a broken row, and a terminal or log printing the name would act on them.
export function isVisibleLabel(s: string): boolean {
  return !/\p{Cc}/u.test(s) && /[^\p{Z}\p{C}\p{M}]/u.test(s);
}

export const visibleLabelError = { error: "Use one line with at least one visible character (no control characters)." };

// The same text made storable, where refusing it is not an option (a quoted value in an error report,
// a rate limiter's key): NUL becomes U+FFFD, as does a lone surrogate.
export function toStorableText(s: string): string {
  return s.replaceAll("\u0000", "\uFFFD").toWellFormed();
}
