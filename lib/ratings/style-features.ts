// Style features of one response, with FastChat's conv_metadata definitions (fastchat/serve/monitor/
// clean_battle_data.py, count_markdown_elements): fenced code blocks (``` … ```) are removed first, then
//   headers: lines starting with 1–6 '#' and whitespace      (^#{1,6}\s, multiline; FastChat sums h1..h6)
//   lists:   ordered ^\s*\d+\.\s plus unordered ^\s*[-*+]\s   (multiline; FastChat sums the two)
//   bold:    **…** plus __…__ spans on one line               (\*\*[^*\n]+\*\* and __[^_\n]+__)
// Length: FastChat counts tiktoken (cl100k) tokens of the full answer. Arena has no tokenizer (nothing may be
// fetched at run time), so it stores a documented proxy: the number of pre-tokenizer pieces of the full answer —
// runs of letters (with combining marks), runs of up to three digits, runs of other non-space characters — which is
// what cl100k splits before merging sub-words, so it tracks token counts closely for English and undercounts long
// Arabic words (each is one piece). Style control uses (a − b)/(a + b + 1), so a proxy proportional to tokens gives
// nearly the same feature; data imported from FastChat keep their own token counts.

export interface StyleFeatureCounts {
  tokens: number;
  headers: number;
  lists: number;
  bold: number;
}

const CODE_BLOCK = /```[^`]*```/g;
const HEADER = /^#{1,6}\s/gm;
const ORDERED = /^\s*\p{Nd}+\.\s/gmu; // Python's \d matches any Unicode digit (Arabic-Indic too)
const UNORDERED = /^\s*[-*+]\s/gm;
const BOLD_STARS = /\*\*[^*\n]+\*\*/g;
const BOLD_UNDERSCORES = /__[^_\n]+__/g;
const PIECE = /[\p{L}\p{M}]+|\p{N}{1,3}|[^\s\p{L}\p{M}\p{N}]+/gu;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** FastChat's markdown counts (code blocks removed) and the token proxy of one response. */
export function styleFeatures(text: string): StyleFeatureCounts {
  // FastChat removes each code block by str.replace of the block's text, which removes all its copies: the same
  // as deleting every match.
  const prose = text.replace(CODE_BLOCK, "");
  return {
    tokens: count(text, PIECE),
    headers: count(prose, HEADER),
    lists: count(prose, ORDERED) + count(prose, UNORDERED),
    bold: count(prose, BOLD_STARS) + count(prose, BOLD_UNDERSCORES),
  };
}
