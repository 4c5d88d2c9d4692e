"use server";

// Batch generation jobs (admin only): start, cancel, retry failures, add the finished responses to the pool.
import "server-only";
import { authorizedAction } from "@/lib/server/auth/action";
import { cancelGeneration, retryGeneration, startGeneration } from "@/lib/server/generation/jobs";
import { commitGeneration } from "@/lib/server/generation/pool";
import { commitGenerationSchema, jobSchema, retryGenerationSchema, startGenerationSchema } from "@/lib/validation/endpoints";
import { audiences } from "@/lib/validation/auth";

export const startGenerationAction = authorizedAction(audiences.admin, startGenerationSchema, ({ user, input }) => startGeneration(user.id, input));
export const cancelGenerationAction = authorizedAction(audiences.admin, jobSchema, ({ user, input }) => cancelGeneration(user.id, input));
export const retryGenerationAction = authorizedAction(audiences.admin, retryGenerationSchema, ({ user, input }) => retryGeneration(user.id, input));
export const commitGenerationAction = authorizedAction(audiences.admin, commitGenerationSchema, ({ user, input }) => commitGeneration(user.id, input));
