// A problem found in an uploaded prompt file: where (line, field) and what (a message key under
// `import.errors` plus its parameters), so the preview can show it in the admin's language.
import type { z } from "zod";
import { toStorableText } from "@/lib/validation/text";

export type IssueParams = Record<string, string | number>;
export type ImportIssue = { line: number; field: string; code: ImportIssueCode; params?: IssueParams };

export const importIssueCodes = [
  // Row fields (zod).
  "required", "wrong_type", "empty", "too_long", "too_many_tags", "language_invalid", "model_key_invalid",
  "too_few_responses", "priority_invalid", "invalid",
  // Rows.
  "invalid_json", "not_an_object", "duplicate_id", "line_too_long", "csv_syntax", "csv_column_count",
  // Whole file.
  "csv_missing_columns", "csv_no_models", "csv_unknown_column", "csv_duplicate_column", "not_utf8", "utf16",
  "empty_file", "too_large", "unknown_format", "too_many_models",
] as const;
export type ImportIssueCode = (typeof importIssueCodes)[number];
const known = new Set<string>(importIssueCodes);

// An issue that makes the rest of the file unreadable (wrong encoding, bad CSV header): parsing stops.
export class FileLevelIssue extends Error {
  constructor(readonly issue: ImportIssue) {
    super(issue.code);
    this.name = "FileLevelIssue";
  }
}

const shortValueChars = 40;

// The quoted value is stored with the preview (jsonb), which refuses NUL and lone surrogates (also
// left by cutting an emoji in half): those are shown as U+FFFD.
const shortValue = (v: unknown) => {
  const s = typeof v === "string" ? v : jsonPrefix(v, shortValueChars + 1);
  return toStorableText(s.length > shortValueChars ? `${s.slice(0, shortValueChars)}…` : s);
};

// The first `max` characters or so of a value's JSON, without walking the rest of it: JSON.stringify
// recurses, and a line nested a million levels deep overflowed the stack.
export function jsonPrefix(value: unknown, max: number): string {
  let out = "";
  const write = (v: unknown): void => {
    if (out.length >= max) return;
    if (Array.isArray(v)) {
      out += "[";
      for (let i = 0; i < v.length && out.length < max; i++) {
        if (i > 0) out += ",";
        write(v[i]);
      }
      out += "]";
    } else if (v !== null && typeof v === "object") {
      out += "{";
      let first = true;
      for (const key in v) {
        if (out.length >= max) break;
        if (!first) out += ",";
        first = false;
        out += `${JSON.stringify(key)}:`;
        write((v as Record<string, unknown>)[key]);
      }
      out += "}";
    } else {
      out += JSON.stringify(v) ?? String(v);
    }
  };
  write(value);
  return out;
}

// Maps one zod issue (from lib/validation/prompt-row.ts, whose messages are keys) to an import issue.
export function issueFromZod(line: number, issue: z.core.$ZodIssue): ImportIssue {
  const field = issue.path.map(String).join(".");
  let code: ImportIssueCode;
  if (known.has(issue.message)) code = issue.message as ImportIssueCode;
  else if (issue.code === "too_big") code = "too_long";
  else if (issue.code === "too_small") code = "empty";
  else if (issue.code === "invalid_type") code = issue.input === undefined ? "required" : "wrong_type";
  else if (issue.code === "invalid_value" && field === "language") code = "language_invalid";
  else code = "invalid";
  const params: IssueParams = { field: field || "—" };
  if (issue.code === "too_big") params.max = Number(issue.maximum);
  if ("params" in issue && issue.params) {
    for (const [k, v] of Object.entries(issue.params as Record<string, unknown>)) params[k] = typeof v === "number" ? v : shortValue(v);
  }
  if (params.value === undefined && issue.input !== undefined && code !== "too_long" && code !== "empty") params.value = shortValue(issue.input);
  return { line, field, code, params };
}
