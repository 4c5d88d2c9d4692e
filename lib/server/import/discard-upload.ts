import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/server/errors";

// Deletes a staged upload the admin does not want to import.
export async function discardUpload(uploadId: string): Promise<void> {
  const upload = await db.importUpload.findUnique({ where: { id: uploadId }, select: { importedAt: true } });
  if (!upload) throw notFound("Upload");
  if (upload.importedAt) throw new AppError(409, "already_imported", "This upload has already been imported.");
  await db.importUpload.delete({ where: { id: uploadId } });
}
