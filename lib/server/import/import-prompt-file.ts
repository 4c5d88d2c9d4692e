import "server-only";
import type { ImportPreview, ImportResult } from "@/lib/import/preview";
import { commitUpload, type CommitOptions } from "./commit-upload";
import { discardUpload } from "./discard-upload";
import { previewUpload } from "./preview-upload";
import { stageUpload } from "./stage-upload";
import { systemUploaderId } from "./upload-limits";

export type ImportPromptFileInput = {
  body: AsyncIterable<Uint8Array> | Uint8Array;
  fileName: string;
  setName: string;
  dropFlagged?: boolean;
  // Validate and preview only; the staged upload is deleted afterwards.
  dryRun?: boolean;
  actorId?: string | null;
  onRowsWritten?: CommitOptions["onRowsWritten"];
};

// The web upload's steps in one call (stage → preview → commit), for the CLI, the demo seed, the benchmark
// and tests: every way in goes through the same code. Nothing is imported when the preview has errors.
export async function importPromptFile(input: ImportPromptFileInput): Promise<{ preview: ImportPreview; result: ImportResult | null }> {
  const body = input.body instanceof Uint8Array ? (async function* () { yield input.body as Uint8Array; })() : input.body;
  const { uploadId } = await stageUpload({ body, fileName: input.fileName, setName: input.setName, uploadedById: input.actorId ?? systemUploaderId });
  const preview = await previewUpload(uploadId);
  if (preview.errors.total > 0 || input.dryRun) {
    await discardUpload(uploadId);
    return { preview, result: null };
  }
  const result = await commitUpload(uploadId, { dropFlagged: input.dryRun ? false : !!input.dropFlagged, actorId: input.actorId ?? null, onRowsWritten: input.onRowsWritten });
  return { preview, result };
}
