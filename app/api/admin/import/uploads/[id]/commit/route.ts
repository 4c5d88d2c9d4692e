import { authorizedRoute } from "@/lib/server/auth/route";
import { commitUpload } from "@/lib/server/import/commit-upload";
import { commitImportSchema, uploadIdSchema } from "@/lib/validation/import";
import { audiences } from "@/lib/validation/auth";

// POST { dropFlagged }: imports a previewed upload in one transaction and answers the result.
export const POST = authorizedRoute<typeof commitImportSchema, { id: string }>(audiences.admin, commitImportSchema, async ({ user, input, params }) => ({
  result: await commitUpload(uploadIdSchema.parse(params.id), { dropFlagged: input.dropFlagged, actorId: user.id }),
}));
