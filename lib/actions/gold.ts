"use server";

import "server-only";
import { authorizedAction } from "@/lib/server/auth/action";
import { createGoldPair } from "@/lib/server/quality/create-gold-pair";
import { deleteGoldPair } from "@/lib/server/quality/delete-gold-pair";
import { createGoldPairSchema, deleteGoldPairSchema } from "@/lib/validation/quality";
import { audiences } from "@/lib/validation/auth";

// Gold pairs are admin-only; each use case writes its audit entry in the same transaction.
export const createGoldPairAction = authorizedAction(audiences.admin, createGoldPairSchema, ({ user, input }) => createGoldPair(user.id, input));

export const deleteGoldPairAction = authorizedAction(audiences.admin, deleteGoldPairSchema, ({ user, input }) => deleteGoldPair(user.id, input));
