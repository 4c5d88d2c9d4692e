"use server";

import "server-only";
import { revalidatePath } from "next/cache";
import { authorizedAction } from "@/lib/server/auth/action";
import { createApiToken, revokeApiToken } from "@/lib/server/api-tokens/api-tokens";
import { createApiTokenSchema, revokeApiTokenSchema } from "@/lib/validation/api-token";
import { audiences } from "@/lib/validation/auth";

export const createApiTokenAction = authorizedAction(audiences.admin, createApiTokenSchema, async ({ user, input }) => {
  const created = await createApiToken(user.id, input.name);
  revalidatePath("/research/exports");
  return created;
});

export const revokeApiTokenAction = authorizedAction(audiences.admin, revokeApiTokenSchema, async ({ user, input }) => {
  await revokeApiToken(user.id, input.tokenId);
  revalidatePath("/research/exports");
  return { ok: true };
});
