import { z } from "zod";
import { promptRowSchema, type PromptRow } from "@/lib/validation/prompt-row";

export type RowError = { line: number; field: string; message: string };
export type ParsedPromptFile = { rows: PromptRow[]; errors: RowError[] };

function zodErrors(line: number, error: z.ZodError): RowError[] {
  return error.issues.map((issue) => ({ line, field: issue.path.join(".") || "(row)", message: issue.message }));
}

// Parses a JSONL prompt file; every problem is reported with its line number and field.
export async function parsePromptFile(content: Buffer, _fileName: string): Promise<ParsedPromptFile> {
  const rows: PromptRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  const lines = content.toString("utf8").split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      errors.push({ line, field: "(row)", message: "This line is not valid JSON." });
      return;
    }
    const parsed = promptRowSchema.safeParse(json);
    if (!parsed.success) {
      errors.push(...zodErrors(line, parsed.error));
      return;
    }
    const first = seen.get(parsed.data.id);
    if (first !== undefined) {
      errors.push({ line, field: "id", message: `Duplicate id "${parsed.data.id}" (first on line ${first}).` });
      return;
    }
    seen.set(parsed.data.id, line);
    rows.push(parsed.data);
  });
  if (rows.length === 0 && errors.length === 0) errors.push({ line: 0, field: "(file)", message: "The file is empty." });
  return { rows, errors };
}
