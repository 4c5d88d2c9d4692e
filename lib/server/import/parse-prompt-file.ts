// Streaming parser for uploaded prompt files (JSONL or CSV). Reads bytes chunk by chunk, so a 100 MB file
// never becomes one 100 MB string: UTF-8 is decoded with a streaming fatal TextDecoder, JSONL is split line by
// line and CSV goes through csv-parse's stream. Every row is validated with the shared zod schema; problems
// come out as line-numbered issues (message keys, translated by the caller).
import { once } from "node:events";
import { parse as csvParse, CsvError } from "csv-parse";
import { FileLevelIssue, issueFromZod, type ImportIssue } from "@/lib/import/issues";
import type { ImportFormat } from "@/lib/validation/import";
import { promptRowSchema, type PromptRow } from "@/lib/validation/prompt-row";

export type ParseEvent = { kind: "row"; line: number; row: PromptRow } | { kind: "issue"; issue: ImportIssue };

// Longest JSONL line / CSV record accepted (a prompt of 20k characters and a dozen responses of 50k fit).
export const maxRecordChars = 2_000_000;

export function formatFromFileName(fileName: string): ImportFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  if (lower.endsWith(".csv")) return "csv";
  return null;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

// UTF-16 is named (a common export format of spreadsheet tools); anything else that is not UTF-8 is refused
// with the line of the first invalid bytes. A UTF-8 byte order mark is skipped.
export async function* decodeUtf8(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let first = true;
  let newlines = 0;
  for await (const chunk of source) {
    if (chunk.length === 0) continue;
    if (first) {
      first = false;
      const variant = utf16Variant(chunk);
      if (variant) throw new FileLevelIssue({ line: 0, field: "", code: "utf16", params: { variant } });
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const lenient = new TextDecoder("utf-8").decode(chunk);
      const bad = lenient.indexOf("\uFFFD");
      const line = newlines + 1 + countNewlines(bad === -1 ? lenient : lenient.slice(0, bad));
      throw new FileLevelIssue({ line, field: "", code: "not_utf8", params: { line } });
    }
    newlines += countNewlines(text);
    if (text) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new FileLevelIssue({ line: newlines + 1, field: "", code: "not_utf8", params: { line: newlines + 1 } });
  }
}

// A BOM, or text where every other byte is zero (ASCII written as UTF-16 without a BOM).
function utf16Variant(start: Uint8Array): "UTF-16 LE" | "UTF-16 BE" | null {
  if (start[0] === 0xff && start[1] === 0xfe) return "UTF-16 LE";
  if (start[0] === 0xfe && start[1] === 0xff) return "UTF-16 BE";
  const n = Math.min(start.length, 512) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (start[i] === 0) evenZeros++;
    if (start[i + 1] === 0) oddZeros++;
  }
  if (oddZeros > n / 2 / 2 && evenZeros === 0) return "UTF-16 LE";
  if (evenZeros > n / 2 / 2 && oddZeros === 0) return "UTF-16 BE";
  return null;
}

function validate(line: number, candidate: unknown, fieldName: (f: string) => string = (f) => f): ParseEvent[] {
  const parsed = promptRowSchema.safeParse(candidate, { reportInput: true });
  if (parsed.success) return [{ kind: "row", line, row: parsed.data }];
  return parsed.error.issues.map((issue) => {
    const mapped = issueFromZod(line, issue);
    const field = fieldName(mapped.field);
    return { kind: "issue", issue: { ...mapped, field, params: { ...mapped.params, field: field || "—" } } };
  });
}

async function* parseJsonl(text: AsyncIterable<string>): AsyncGenerator<ParseEvent> {
  let pending = "";
  let line = 0;
  let skippingLongLine = false;
  const handle = (raw: string): ParseEvent[] => {
    line++;
    const content = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (content.trim() === "") return [];
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      return [{ kind: "issue", issue: { line, field: "", code: "invalid_json" } }];
    }
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
      return [{ kind: "issue", issue: { line, field: "", code: "not_an_object" } }];
    }
    return validate(line, json);
  };
  for await (const piece of text) {
    let start = 0;
    for (let nl = piece.indexOf("\n"); nl !== -1; nl = piece.indexOf("\n", start)) {
      const segment = piece.slice(start, nl);
      start = nl + 1;
      if (skippingLongLine) {
        skippingLongLine = false;
        line++;
        continue;
      }
      yield* handle(pending + segment);
      pending = "";
    }
    if (skippingLongLine) continue;
    pending += piece.slice(start);
    if (pending.length > maxRecordChars) {
      // Report once, then drop the rest of this line without holding it in memory.
      yield { kind: "issue", issue: { line: line + 1, field: "", code: "line_too_long", params: { max: maxRecordChars } } };
      pending = "";
      skippingLongLine = true;
    }
  }
  if (skippingLongLine) return;
  if (pending !== "") yield* handle(pending);
}

const fixedColumns = ["id", "language", "category", "tags", "prompt", "priority"] as const;
const requiredColumns = ["id", "language", "category", "prompt"];
const responsePrefix = "response:";

type CsvLayout = { fixed: Map<string, number>; models: { key: string; index: number }[]; width: number };

function csvLayout(header: string[]): CsvLayout {
  const fixed = new Map<string, number>();
  const models: { key: string; index: number }[] = [];
  const seen = new Set<string>();
  header.forEach((rawName, index) => {
    const name = rawName.trim();
    const lower = name.toLowerCase();
    if (seen.has(lower)) throw new FileLevelIssue({ line: 1, field: name, code: "csv_duplicate_column", params: { column: name } });
    seen.add(lower);
    if ((fixedColumns as readonly string[]).includes(lower)) fixed.set(lower, index);
    else if (lower.startsWith(responsePrefix) && name.length > responsePrefix.length) models.push({ key: name.slice(responsePrefix.length).trim(), index });
    else if (name !== "") throw new FileLevelIssue({ line: 1, field: name, code: "csv_unknown_column", params: { column: name } });
  });
  const missing = requiredColumns.filter((c) => !fixed.has(c));
  if (missing.length) throw new FileLevelIssue({ line: 1, field: "", code: "csv_missing_columns", params: { columns: missing.join(", ") } });
  // No response columns: a set of prompts alone, to be answered by batch generation.
  return { fixed, models, width: header.length };
}

// A CSV record in the JSONL shape, so both formats meet the same schema. Tags are separated by ";" or "|";
// an empty response cell means that model has no response to this prompt; an empty priority means none.
function csvRecordToRow(layout: CsvLayout, record: string[]): Record<string, unknown> {
  const cell = (name: string) => {
    const i = layout.fixed.get(name);
    return i === undefined ? undefined : record[i];
  };
  const responses: Record<string, string> = {};
  for (const { key, index } of layout.models) {
    const value = record[index] ?? "";
    if (value.trim() !== "") responses[key] = value;
  }
  const priorityCell = cell("priority")?.trim() ?? "";
  const priority = priorityCell === "" ? undefined : Number.isFinite(Number(priorityCell)) ? Number(priorityCell) : priorityCell;
  return {
    id: cell("id"),
    language: cell("language")?.trim(),
    category: cell("category"),
    tags: (cell("tags") ?? "").split(/[;|]/).map((t) => t.trim()).filter(Boolean),
    prompt: cell("prompt"),
    responses,
    ...(priority === undefined ? {} : { priority }),
  };
}

const csvFieldName = (field: string) => (field.startsWith("responses.") ? `${responsePrefix}${field.slice("responses.".length)}` : field);

async function* parseCsv(text: AsyncIterable<string>): AsyncGenerator<ParseEvent> {
  const parser = csvParse({ info: true, skip_empty_lines: true, skip_records_with_empty_values: true, relax_column_count: true, max_record_size: maxRecordChars });
  // Feed the decoded text with backpressure while records are read below.
  let feedError: unknown = null;
  const feeding = (async () => {
    try {
      for await (const piece of text) {
        if (!parser.write(piece)) await Promise.race([once(parser, "drain"), once(parser, "close")]);
        if (parser.destroyed) return;
      }
      parser.end();
    } catch (error) {
      feedError = error;
      parser.destroy();
    }
  })();
  let layout: CsvLayout | null = null;
  let previousEnd = 0;
  let previousEmpty = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; empty_lines: number } }>) {
      const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
      previousEnd = info.lines;
      previousEmpty = info.empty_lines;
      if (!layout) {
        layout = csvLayout(record);
        continue;
      }
      if (record.length !== layout.width) {
        yield { kind: "issue", issue: { line, field: "", code: "csv_column_count", params: { expected: layout.width, found: record.length } } };
        continue;
      }
      yield* validate(line, csvRecordToRow(layout, record), csvFieldName);
    }
  } catch (error) {
    if (feedError) throw feedError;
    if (error instanceof CsvError) {
      const line = Number((error as unknown as { lines?: number }).lines ?? previousEnd + 1);
      yield { kind: "issue", issue: { line, field: "", code: "csv_syntax", params: { detail: error.message } } };
      return;
    }
    throw error;
  } finally {
    await feeding;
  }
  if (feedError) throw feedError;
}

// Rows and issues in file order. Rows whose id repeats an earlier row's are reported, not returned.
// The whole file failing (wrong encoding, unusable CSV header, nothing in it) ends with one file-level issue.
export async function* parsePromptStream(source: AsyncIterable<Uint8Array>, format: ImportFormat): AsyncGenerator<ParseEvent> {
  const firstLineById = new Map<string, number>();
  let sawContent = false;
  const text = (async function* () {
    for await (const piece of decodeUtf8(source)) {
      if (!sawContent && piece.trim() !== "") sawContent = true;
      yield piece;
    }
  })();
  try {
    for await (const event of format === "csv" ? parseCsv(text) : parseJsonl(text)) {
      if (event.kind === "row") {
        const first = firstLineById.get(event.row.id);
        if (first !== undefined) {
          yield { kind: "issue", issue: { line: event.line, field: "id", code: "duplicate_id", params: { id: event.row.id, first } } };
          continue;
        }
        firstLineById.set(event.row.id, event.line);
      }
      yield event;
    }
  } catch (error) {
    if (error instanceof FileLevelIssue) {
      yield { kind: "issue", issue: sawContent || !error.issue.code.startsWith("csv_") ? error.issue : { line: 0, field: "", code: "empty_file" } };
      return;
    }
    throw error;
  }
  if (!sawContent) yield { kind: "issue", issue: { line: 0, field: "", code: "empty_file" } };
}

// Convenience for small in-memory files (tests, fixtures): every row and every issue.
export async function parsePromptFile(content: Uint8Array, fileName: string): Promise<{ rows: PromptRow[]; issues: ImportIssue[] }> {
  const format = formatFromFileName(fileName) ?? "jsonl";
  const rows: PromptRow[] = [];
  const issues: ImportIssue[] = [];
  for await (const event of parsePromptStream((async function* () { yield content; })(), format)) {
    if (event.kind === "row") rows.push(event.row);
    else issues.push(event.issue);
  }
  return { rows, issues };
}
