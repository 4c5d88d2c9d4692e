import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { identityDetector } from "@/lib/import/identity";
import type { ImportPreview, ImportResult } from "@/lib/import/preview";
import { AppError, notFound } from "@/lib/server/errors";
import type { ImportFormat } from "@/lib/validation/import";
import { importBatchSize, writePromptBatch, type SourceRow } from "./import-prompt-set";
import { parsePromptStream } from "./parse-prompt-file";
import { previewUpload } from "./preview-upload";
import { screenIdentity } from "./screen-identity";
import { readStagedUpload } from "./stage-upload";

export type CommitOptions = {
  dropFlagged: boolean;
  // The admin confirming (null for the CLI and the demo seed); recorded in the audit log.
  actorId: string | null;
  // Called after each written batch with the rows written so far. Tests throw here to prove that a failure
  // midway leaves the database as it was.
  onRowsWritten?: (rowsWritten: number) => void | Promise<void>;
};

// Imports a previewed upload in one transaction: all of it or none of it. The staged bytes are deleted in
// the same transaction, and the upload keeps only its preview and the result (purged after a day).
export async function commitUpload(uploadId: string, options: CommitOptions): Promise<ImportResult> {
  const upload = await db.importUpload.findUnique({ where: { id: uploadId }, select: { preview: true, importedAt: true } });
  if (!upload) throw notFound("Upload");
  if (upload.importedAt) throw new AppError(409, "already_imported", "This upload has already been imported.");
  const preview = (upload.preview as ImportPreview | null) ?? (await previewUpload(uploadId));
  if (preview.errors.total > 0) {
    throw new AppError(422, "has_errors", `The file has ${preview.errors.total} error(s); fix them and upload it again.`, { errors: preview.errors.total });
  }
  const detect = identityDetector(preview.models.map((m) => m.key));

  return db.$transaction(
    async (tx) => {
      // One commit per upload, even when the admin double-clicks or two instances race.
      const locked = await tx.$queryRaw<{ imported_at: Date | null }[]>`
        SELECT imported_at FROM import_uploads WHERE id = ${uploadId}::uuid FOR UPDATE`;
      if (locked.length === 0) throw notFound("Upload");
      if (locked[0]!.imported_at) throw new AppError(409, "already_imported", "This upload has already been imported.");

      const set = await tx.promptSet.upsert({ where: { name: preview.setName }, update: {}, create: { name: preview.setName }, select: { id: true } });
      const modelIdByKey = new Map<string, string>();
      const totals = { promptsNew: 0, promptsChanged: 0, promptsUnchanged: 0, responsesNew: 0, responsesChanged: 0, responsesUnchanged: 0, pairScores: 0 };
      let prompts = 0;
      let responses = 0;
      let responsesDropped = 0;
      let promptsDropped = 0;
      let batch: SourceRow[] = [];

      const flush = async () => {
        await ensureModels(tx, batch, modelIdByKey);
        const written = await writePromptBatch(tx, set.id, modelIdByKey, batch);
        for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += written[k];
        prompts += batch.length;
        batch = [];
        await options.onRowsWritten?.(prompts);
      };

      for await (const event of parsePromptStream(readStagedUpload(uploadId, tx), preview.format as ImportFormat)) {
        // The bytes were validated by the preview; a difference now means the upload was tampered with.
        if (event.kind === "issue") throw new AppError(409, "upload_changed", "The staged file no longer matches its preview; upload it again.");
        let row = event.row;
        if (options.dropFlagged) {
          const { flags, withoutFlagged } = screenIdentity(event.line, row, detect);
          if (!withoutFlagged) {
            promptsDropped++;
            responsesDropped += Object.keys(row.responses).length;
            continue;
          }
          responsesDropped += flags.length;
          row = withoutFlagged;
        }
        responses += Object.keys(row.responses).length;
        batch.push({ line: event.line, row });
        if (batch.length >= importBatchSize) await flush();
      }
      if (batch.length) await flush();

      const result: ImportResult = {
        setName: preview.setName,
        promptSetId: set.id,
        prompts,
        responses,
        ...totals,
        responsesDropped,
        promptsDropped,
        promptsCreated: totals.promptsNew,
        responsesCreated: totals.responsesNew,
      };
      await tx.importUploadChunk.deleteMany({ where: { uploadId } });
      await tx.importUpload.update({ where: { id: uploadId }, data: { importedAt: new Date(), preview: { ...preview, result } } });
      await tx.auditLog.create({
        data: {
          actorId: options.actorId,
          action: "import.commit",
          target: preview.setName,
          details: { uploadId, fileName: preview.fileName, dropFlagged: options.dropFlagged, ...result },
        },
      });
      return result;
    },
    { timeout: 30 * 60 * 1000, maxWait: 30_000 },
  );
}

// Creates the models this batch names that do not exist yet (display name = key; admins rename them later).
async function ensureModels(tx: Prisma.TransactionClient, batch: SourceRow[], modelIdByKey: Map<string, string>) {
  const missing = [...new Set(batch.flatMap((r) => Object.keys(r.row.responses)))].filter((k) => !modelIdByKey.has(k));
  if (missing.length === 0) return;
  await tx.aiModel.createMany({ data: missing.map((key) => ({ key, displayName: key })), skipDuplicates: true });
  const models = await tx.aiModel.findMany({ where: { key: { in: missing } }, select: { id: true, key: true } });
  for (const m of models) modelIdByKey.set(m.key, m.id);
}
