// A vote is flagged as fast when it came sooner than anyone could have read both answers.
//
//   minimum reading time = min(2 000 ms + 15 ms × (characters of A + characters of B), 30 000 ms)
//
// 15 ms per character is ~65 characters a second (~700 words a minute): a skim, so an honest reader is
// rarely flagged. The 2 s covers reading the prompt and finding the buttons; the 30 s cap keeps very long
// answers from flagging everyone. Characters are Unicode code points (Postgres char_length), the same
// measure for Arabic and English. Flagged votes are kept and counted; the quality page reads the flag.

export const readingBaseMs = 2_000;
export const readingMsPerChar = 15;
export const readingCapMs = 30_000;

export function minimumReadingMs(charsA: number, charsB: number): number {
  return Math.min(readingBaseMs + readingMsPerChar * (Math.max(0, charsA) + Math.max(0, charsB)), readingCapMs);
}

export function isFastVote(elapsedMs: number, charsA: number, charsB: number): boolean {
  return elapsedMs < minimumReadingMs(charsA, charsB);
}
