// Parse votes in FastChat's clean_battle shape (JSON array or JSONL of objects with model_a, model_b and
// winner ∈ model_a | model_b | tie | tie (bothbad); conv_metadata's style counts are read when present for
// style control; other fields ignored). Pure: takes the file text.
// Structural problems (invalid JSON, not an object, missing model names) throw CleanBattleParseError naming
// the line; same-model rows and unknown winners are skipped and counted.

import { OUTCOME_A, OUTCOME_B, OUTCOME_BOTH_BAD, OUTCOME_TIE } from "./counts";
import type { VoteSequence } from "./elo";

export class CleanBattleParseError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = "CleanBattleParseError";
  }
}

export interface ParsedBattles {
  /** Sorted distinct model names; indices in `votes` refer to this list. */
  models: string[];
  /** Valid votes in file order. */
  votes: VoteSequence;
  /** Per valid vote: its annotator (`judge`) and prompt (`question_id`) as dense ids, −1 when the record has none. */
  annotators: Int32Array;
  prompts: Int32Array;
  /** Records read (valid + skipped). */
  records: number;
  skipped: { sameModel: number; unknownWinner: number; total: number };
  /**
   * FastChat conv_metadata style counts per valid vote, 4 per vote in STYLE_FEATURES order (tokens, headers,
   * list items, bold), for response A and B; NaN where the record lacks a field. `styleMissing` counts those votes.
   */
  styleA: Float64Array;
  styleB: Float64Array;
  styleMissing: number;
}

/** conv_metadata fields for response A and B, in STYLE_FEATURES order (FastChat's STYLE_CONTROL_ELEMENTS_V1). */
export const CONV_METADATA_FIELDS_A = ["sum_assistant_a_tokens", "header_count_a", "list_count_a", "bold_count_a"] as const;
export const CONV_METADATA_FIELDS_B = ["sum_assistant_b_tokens", "header_count_b", "list_count_b", "bold_count_b"] as const;

/** A conv_metadata value: a number, or an object of numbers that are summed (e.g. {h1: 2, h2: 1}); else NaN. */
export function styleCount(value: unknown): number {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : NaN;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    let sum = 0;
    for (const v of Object.values(value)) {
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) return NaN;
      sum += v;
    }
    return sum;
  }
  return NaN;
}

const WINNERS: Record<string, number> = {
  model_a: OUTCOME_A,
  model_b: OUTCOME_B,
  tie: OUTCOME_TIE,
  "tie (bothbad)": OUTCOME_BOTH_BAD,
};

export function parseCleanBattles(text: string): ParsedBattles {
  const records: { value: unknown; line: number }[] = [];
  const trimmed = text.replace(/^\uFEFF/, "");
  const firstChar = trimmed.trimStart()[0];
  if (firstChar === "[") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (e) {
      throw new CleanBattleParseError(errorLine(trimmed, e), `invalid JSON (${(e as Error).message})`);
    }
    const lines = arrayElementLines(trimmed);
    (parsed as unknown[]).forEach((value, k) => records.push({ value, line: lines[k] ?? 1 }));
  } else {
    const lines = trimmed.split(/\r?\n/);
    for (let k = 0; k < lines.length; k++) {
      const l = lines[k].trim();
      if (l === "") continue;
      try {
        records.push({ value: JSON.parse(l), line: k + 1 });
      } catch (e) {
        throw new CleanBattleParseError(k + 1, `invalid JSON (${(e as Error).message})`);
      }
    }
  }

  const names = new Map<string, number>();
  const rawA: number[] = [];
  const rawB: number[] = [];
  const outcomes: number[] = [];
  const style: number[] = []; // 8 per vote: A's 4 counts then B's
  let styleMissing = 0;
  const judges: number[] = [];
  const questions: number[] = [];
  const judgeIds = new Map<string, number>();
  const questionIds = new Map<string, number>();
  const idOf = (ids: Map<string, number>, value: unknown): number => {
    if (typeof value !== "string" && typeof value !== "number") return -1;
    const key = String(value);
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    return id;
  };
  let sameModel = 0;
  let unknownWinner = 0;
  const nameOf = (s: string): number => {
    let id = names.get(s);
    if (id === undefined) {
      id = names.size;
      names.set(s, id);
    }
    return id;
  };
  for (const { value, line } of records) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new CleanBattleParseError(line, "expected a JSON object with model_a, model_b and winner");
    }
    const row = value as Record<string, unknown>;
    for (const key of ["model_a", "model_b"] as const) {
      if (!(key in row) || row[key] === null || row[key] === undefined) throw new CleanBattleParseError(line, `missing ${key}`);
      if (typeof row[key] !== "string" || row[key] === "") throw new CleanBattleParseError(line, `${key} must be a non-empty string`);
    }
    const a = row.model_a as string;
    const b = row.model_b as string;
    const outcome = typeof row.winner === "string" ? WINNERS[row.winner] : undefined;
    if (outcome === undefined) {
      unknownWinner++;
      continue;
    }
    if (a === b) {
      sameModel++;
      continue;
    }
    rawA.push(nameOf(a));
    rawB.push(nameOf(b));
    outcomes.push(outcome);
    const meta = row.conv_metadata;
    let complete = typeof meta === "object" && meta !== null;
    for (const field of [...CONV_METADATA_FIELDS_A, ...CONV_METADATA_FIELDS_B]) {
      const x = complete ? styleCount((meta as Record<string, unknown>)[field]) : NaN;
      if (Number.isNaN(x)) complete = false;
      style.push(x);
    }
    if (!complete) styleMissing++;
    judges.push(idOf(judgeIds, row.judge));
    questions.push(idOf(questionIds, row.question_id));
  }

  // Sorted names so indices do not depend on the order models first appear.
  const models = [...names.keys()].sort();
  const remap = new Int32Array(names.size);
  models.forEach((m, i) => (remap[names.get(m)!] = i));
  const len = rawA.length;
  const votes: VoteSequence = { modelA: new Int32Array(len), modelB: new Int32Array(len), outcome: new Uint8Array(len) };
  const styleA = new Float64Array(len * 4);
  const styleB = new Float64Array(len * 4);
  for (let v = 0; v < len; v++) {
    votes.modelA[v] = remap[rawA[v]];
    votes.modelB[v] = remap[rawB[v]];
    votes.outcome[v] = outcomes[v];
    for (let k = 0; k < 4; k++) {
      styleA[v * 4 + k] = style[v * 8 + k];
      styleB[v * 4 + k] = style[v * 8 + 4 + k];
    }
  }
  return {
    models,
    votes,
    annotators: Int32Array.from(judges),
    prompts: Int32Array.from(questions),
    records: records.length,
    skipped: { sameModel, unknownWinner, total: sameModel + unknownWinner },
    styleA,
    styleB,
    styleMissing,
  };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

// V8 reports "... at position N" (sometimes with "(line L column C)").
function errorLine(text: string, e: unknown): number {
  const msg = e instanceof Error ? e.message : String(e);
  const explicit = /line (\d+) column/.exec(msg);
  if (explicit) return Number(explicit[1]);
  const pos = /position (\d+)/.exec(msg);
  if (pos) return lineAt(text, Number(pos[1]));
  return text.split("\n").length; // unexpected end of input: the last line
}

// Line of each top-level array element (minimal scanner: strings, escapes and nesting depth).
function arrayElementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n") line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectElement && !/\s/.test(ch) && ch !== "]") {
      lines.push(line);
      expectElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === "[" || ch === "{") {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (ch === "]" || ch === "}") depth--;
    else if (ch === "," && depth === 1) expectElement = true;
  }
  return lines;
}
