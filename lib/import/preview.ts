// What the admin sees before confirming an import, and what a confirmed import did. Plain data (stored as
// JSON on the staged upload), shared by the server, the pages and the CLI.
import type { ImportIssue } from "./issues";

export type FlaggedResponse = { line: number; id: string; model: string; phrase: string };

export type ChangeCounts = {
  promptsNew: number;
  promptsChanged: number;
  promptsUnchanged: number;
  responsesNew: number;
  responsesChanged: number;
  responsesUnchanged: number;
};

export type ImportResult = ChangeCounts & {
  setName: string;
  promptSetId: string;
  prompts: number;
  responses: number;
  pairScores: number;
  // Flagged responses dropped at the admin's request, and prompts dropped because fewer than two responses remained.
  responsesDropped: number;
  promptsDropped: number;
  // Names kept by older callers: created = new.
  promptsCreated: number;
  responsesCreated: number;
};

export type ImportPreview = {
  setName: string;
  fileName: string;
  format: "jsonl" | "csv";
  sizeBytes: number;
  setExists: boolean;
  prompts: number;
  responses: number;
  languages: { ar: number; en: number };
  categories: { name: string; count: number }[];
  categoryCount: number;
  models: { key: string; responses: number; existing: boolean }[];
  withPriority: number;
  duplicateIds: number;
  // The same prompt text (and language) under different ids.
  duplicatePrompts: number;
  changes: ChangeCounts;
  flagged: { total: number; items: FlaggedResponse[]; responsesDropped: number; promptsDropped: number };
  errors: { total: number; items: ImportIssue[] };
  result?: ImportResult;
};

// The preview lists at most this many errors and flags (the totals are always exact).
export const previewListLimit = 1000;

export const emptyChanges = (): ChangeCounts => ({
  promptsNew: 0, promptsChanged: 0, promptsUnchanged: 0, responsesNew: 0, responsesChanged: 0, responsesUnchanged: 0,
});
