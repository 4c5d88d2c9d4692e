import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { identityDetector, type IdentityDetector } from "@/lib/import/identity";
import type { ImportIssue } from "@/lib/import/issues";
import { emptyChanges, previewListLimit, type ImportPreview } from "@/lib/import/preview";
import { AppError, notFound } from "@/lib/server/errors";
import type { ImportFormat } from "@/lib/validation/import";
import type { PromptRow } from "@/lib/validation/prompt-row";
import { countChanges, importBatchSize, loadExisting, type SourceRow } from "./import-prompt-set";
import { parsePromptStream } from "./parse-prompt-file";
import { maxImportModels } from "./model-limit";
import { screenIdentity } from "./screen-identity";
import { readStagedUpload } from "./stage-upload";

// Validates a staged upload and compares it with the set of that name, writing nothing but the preview.
// One streaming pass validates, counts, compares with the stored set (batch by batch) and flags responses
// that reveal a model. Flagging needs every model key of the file: a row read before a key first appeared
// is checked again in a second pass (only when keys appear late, which JSONL with all models on each line
// and CSV, whose header names them all, never do).
export async function previewUpload(uploadId: string): Promise<ImportPreview> {
  const upload = await db.importUpload.findUnique({ where: { id: uploadId } });
  if (!upload) throw notFound("Upload");
  if (!upload.sha256) throw new AppError(409, "upload_incomplete", "This upload did not finish; upload the file again.");
  const format = upload.format as ImportFormat;
  const set = await db.promptSet.findUnique({ where: { name: upload.setName }, select: { id: true } });

  const errors: ImportIssue[] = [];
  let errorTotal = 0;
  const languages = { ar: 0, en: 0 };
  const categories = new Map<string, number>();
  const modelResponses = new Map<string, number>();
  const promptTexts = new Set<string>();
  let prompts = 0;
  let responses = 0;
  let withPriority = 0;
  let duplicateIds = 0;
  let duplicatePrompts = 0;
  const changes = emptyChanges();
  const flagged: ImportPreview["flagged"] = { total: 0, items: [], responsesDropped: 0, promptsDropped: 0 };
  const flagRow = (line: number, row: PromptRow, detect: IdentityDetector) => {
    const { flags, withoutFlagged } = screenIdentity(line, row, detect);
    if (flags.length === 0) return;
    flagged.total += flags.length;
    for (const f of flags) if (flagged.items.length < previewListLimit) flagged.items.push(f);
    if (withoutFlagged) flagged.responsesDropped += flags.length;
    else {
      flagged.promptsDropped++;
      flagged.responsesDropped += Object.keys(row.responses).length;
    }
  };
  let detect = identityDetector([]);
  // Lines before this one were checked without some model key.
  let recheckBefore = 0;
  let batch: SourceRow[] = [];
  const compare = async () => {
    countChanges(batch, await loadExisting(db, set?.id ?? null, batch), changes);
    batch = [];
  };

  for await (const event of parsePromptStream(readStagedUpload(uploadId), format)) {
    if (event.kind === "issue") {
      errorTotal++;
      if (event.issue.code === "duplicate_id") duplicateIds++;
      if (errors.length < previewListLimit) errors.push(event.issue);
      continue;
    }
    const { row } = event;
    prompts++;
    languages[row.language]++;
    categories.set(row.category, (categories.get(row.category) ?? 0) + 1);
    if (row.priority !== undefined) withPriority++;
    let newKey = false;
    for (const key of Object.keys(row.responses)) {
      if (!modelResponses.has(key)) newKey = true;
      modelResponses.set(key, (modelResponses.get(key) ?? 0) + 1);
    }
    if (newKey) {
      detect = identityDetector([...modelResponses.keys()]);
      if (prompts > 1) recheckBefore = event.line;
    }
    if (recheckBefore === 0 || event.line >= recheckBefore) flagRow(event.line, row, detect);
    responses += Object.keys(row.responses).length;
    const textKey = createHash("sha1").update(`${row.language}\u0000${row.prompt}`).digest("base64");
    if (promptTexts.has(textKey)) duplicatePrompts++;
    else promptTexts.add(textKey);
    batch.push(event);
    if (batch.length >= importBatchSize) await compare();
  }
  if (batch.length) await compare();
  if (recheckBefore > 0) {
    for await (const event of parsePromptStream(readStagedUpload(uploadId), format)) {
      if (event.kind !== "row") continue;
      if (event.line >= recheckBefore) break;
      flagRow(event.line, event.row, detect);
    }
  }

  // Too many models is a whole-file problem (no line causes it): refused like one, so nothing is imported.
  const maxModels = maxImportModels();
  if (modelResponses.size > maxModels) {
    errorTotal++;
    errors.unshift({ line: 0, field: "", code: "too_many_models", params: { models: modelResponses.size, max: maxModels } });
    if (errors.length > previewListLimit) errors.pop();
  }

  const modelKeys = [...modelResponses.keys()].sort();
  const knownModels = new Set(
    (await db.aiModel.findMany({ where: { key: { in: modelKeys } }, select: { key: true } })).map((m) => m.key),
  );
  flagged.items.sort((a, b) => a.line - b.line);

  const preview: ImportPreview = {
    setName: upload.setName,
    fileName: upload.fileName,
    format,
    sizeBytes: upload.sizeBytes,
    setExists: !!set,
    prompts,
    responses,
    languages,
    categories: [...categories].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 50).map(([name, count]) => ({ name, count })),
    categoryCount: categories.size,
    models: modelKeys.map((key) => ({ key, responses: modelResponses.get(key)!, existing: knownModels.has(key) })),
    withPriority,
    duplicateIds,
    duplicatePrompts,
    changes,
    flagged,
    errors: { total: errorTotal, items: errors },
  };
  await db.importUpload.update({ where: { id: uploadId }, data: { preview } });
  return preview;
}
