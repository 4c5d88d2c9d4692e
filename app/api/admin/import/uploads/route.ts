import { z } from "zod";
import { authorizedStreamRoute } from "@/lib/server/auth/route";
import { AppError } from "@/lib/server/errors";
import { previewUpload } from "@/lib/server/import/preview-upload";
import { stageUpload } from "@/lib/server/import/stage-upload";
import { uploadQuerySchema } from "@/lib/validation/import";
import { audiences } from "@/lib/validation/auth";

// POST /api/admin/import/uploads?setName=…&fileName=… with the raw file as the body: streamed into the
// staging tables (never held in memory), then checked. Answers the upload id and its preview.
export const POST = authorizedStreamRoute(audiences.admin, uploadQuerySchema, async ({ user, input, request }) => {
  if (!request.body) throw new AppError(422, "empty_file", "The file is empty.");
  const declared = request.headers.get("content-length");
  const { uploadId } = await stageUpload({
    body: request.body as unknown as AsyncIterable<Uint8Array>,
    fileName: input.fileName,
    setName: input.setName,
    uploadedById: user.id,
    declaredBytes: declared === null ? null : z.coerce.number().int().nonnegative().catch(0).parse(declared),
  });
  const preview = await previewUpload(uploadId);
  return { uploadId, preview };
});
