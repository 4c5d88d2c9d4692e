import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/server/errors";
import { formatFromFileName } from "./parse-prompt-file";
import { maxUploadBytes, stagedUploadLifetimeMs, stagingChunkBytes } from "./upload-limits";

export type StageUploadInput = {
  body: AsyncIterable<Uint8Array>;
  fileName: string;
  setName: string;
  uploadedById: string;
  // Content-Length when the client sent one: a file that is too large is refused before reading it.
  declaredBytes?: number | null;
};

export const tooLarge = (limit: number) =>
  new AppError(413, "too_large", `The file is larger than the limit of ${Math.round(limit / 1024 / 1024)} MB.`, { limitMb: Math.round(limit / 1024 / 1024) });

// Deletes staged uploads older than a day (abandoned previews, and the small records of finished imports).
export async function purgeStaleUploads(now = new Date()): Promise<number> {
  const { count } = await db.importUpload.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - stagedUploadLifetimeMs) } } });
  return count;
}

// Streams an uploaded file into import_upload_chunks (1 MiB rows) without holding it in memory, so any app
// instance can preview and commit it later. Nothing outside the staging tables is written.
export async function stageUpload(input: StageUploadInput): Promise<{ uploadId: string; sizeBytes: number }> {
  const format = formatFromFileName(input.fileName);
  if (!format) {
    throw new AppError(415, "unknown_format", `"${input.fileName}" is neither a .jsonl nor a .csv file.`, { name: input.fileName });
  }
  const limit = maxUploadBytes();
  if (input.declaredBytes != null && input.declaredBytes > limit) throw tooLarge(limit);
  await purgeStaleUploads();

  const upload = await db.importUpload.create({
    data: { uploadedById: input.uploadedById, setName: input.setName, fileName: input.fileName, format, sizeBytes: 0, sha256: "" },
    select: { id: true },
  });
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(stagingChunkBytes);
  let filled = 0;
  let seq = 0;
  let size = 0;
  // One chunk is written while the next one fills: reading the body and writing overlap.
  let writing: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    if (filled === 0) return;
    const data = Uint8Array.from(buffer.subarray(0, filled));
    filled = 0;
    await writing;
    writing = db.importUploadChunk.create({ data: { uploadId: upload.id, seq: seq++, data } });
    writing.catch(() => undefined); // handled: awaited by the next flush or below

  };
  try {
    for await (const piece of input.body) {
      size += piece.length;
      if (size > limit) throw tooLarge(limit);
      hash.update(piece);
      let offset = 0;
      while (offset < piece.length) {
        const n = Math.min(piece.length - offset, stagingChunkBytes - filled);
        buffer.set(piece.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === stagingChunkBytes) await flush();
      }
    }
    // Fewer bytes than the client announced: the body was cut on its way here (Next's proxy once kept
    // only the first 10 MB of a body). A cut file must never pass for a whole one.
    if (input.declaredBytes != null && size !== input.declaredBytes) {
      throw new AppError(400, "upload_incomplete", `The upload ended after ${size} of ${input.declaredBytes} bytes; nothing was kept. Upload the file again.`, {
        received: size,
        declared: input.declaredBytes,
      });
    }
    await flush();
    await writing;
  } catch (error) {
    await writing.catch(() => undefined);
    await db.importUpload.delete({ where: { id: upload.id } }).catch(() => undefined);
    throw error;
  }
  // The sha256 is set last: an upload without one was interrupted and is never previewed.
  await db.importUpload.update({ where: { id: upload.id }, data: { sizeBytes: size, sha256: hash.digest("hex") } });
  return { uploadId: upload.id, sizeBytes: size };
}

// The staged bytes, one chunk at a time, in order. Inside a transaction pass its client: the embedded
// database serves a single connection.
export async function* readStagedUpload(uploadId: string, client: Pick<typeof db, "importUploadChunk"> = db): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const chunk = await client.importUploadChunk.findUnique({ where: { uploadId_seq: { uploadId, seq } }, select: { data: true } });
    if (!chunk) return;
    yield chunk.data;
  }
}
