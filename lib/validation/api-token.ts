import { z } from "zod";
import { isStorableText, isVisibleLabel, storableTextError, visibleLabelError } from "./text";

export const createApiTokenSchema = z.object({ name: z.string().trim().min(1, "Give the token a name.").max(100, "Names are at most 100 characters.").refine(isStorableText, storableTextError).refine(isVisibleLabel, visibleLabelError) });
export const revokeApiTokenSchema = z.object({ tokenId: z.uuid() });
