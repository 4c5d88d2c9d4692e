import "server-only";
import { db } from "@/lib/db";
import type { ImportPreview } from "@/lib/import/preview";
import { previewUpload } from "./preview-upload";

export type UploadView = { id: string; createdAt: Date; importedAt: Date | null; preview: ImportPreview };

// A staged upload with its preview (computed now if the upload request did not get that far), or null.
export async function getUpload(uploadId: string): Promise<UploadView | null> {
  const upload = await db.importUpload.findUnique({ where: { id: uploadId }, select: { id: true, createdAt: true, importedAt: true, preview: true, sha256: true } });
  if (!upload || !upload.sha256) return null;
  const preview = (upload.preview as ImportPreview | null) ?? (await previewUpload(uploadId));
  return { id: upload.id, createdAt: upload.createdAt, importedAt: upload.importedAt, preview };
}
