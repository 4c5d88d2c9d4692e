// Postgres text cannot hold NUL (U+0000), and a lone UTF-16 surrogate has no UTF-8 encoding (the
// driver would silently replace it, and jsonb refuses it). Free text with either is refused where it
// enters, with a message, instead of failing later inside the database as a 5xx.
export function isStorableText(s: string): boolean {
  return !s.includes("\u0000") && s.isWellFormed();
}

export const storableTextError = { error: "Text must not contain NUL characters or broken Unicode." };

// The same text made storable, where refusing it is not an option (a quoted value in an error report,
// a rate limiter's key): NUL becomes U+FFFD, as does a lone surrogate.
export function toStorableText(s: string): string {
  return s.replaceAll("\u0000", "\uFFFD").toWellFormed();
}
