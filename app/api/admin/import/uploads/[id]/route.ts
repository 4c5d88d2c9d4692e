import { z } from "zod";
import { authorizedRoute } from "@/lib/server/auth/route";
import { notFound } from "@/lib/server/errors";
import { discardUpload } from "@/lib/server/import/discard-upload";
import { getUpload } from "@/lib/server/import/get-upload";
import { uploadIdSchema } from "@/lib/validation/import";
import { audiences } from "@/lib/validation/auth";

type Params = { id: string };

// GET: the upload's preview (and result once imported). DELETE: discard a staged upload.
export const GET = authorizedRoute<z.ZodObject, Params>(audiences.admin, z.object({}), async ({ params }) => {
  const upload = await getUpload(uploadIdSchema.parse(params.id));
  if (!upload) throw notFound("Upload");
  return upload;
});

export const DELETE = authorizedRoute<z.ZodObject, Params>(audiences.admin, z.object({}), async ({ params }) => {
  await discardUpload(uploadIdSchema.parse(params.id));
  return { discarded: true };
});
