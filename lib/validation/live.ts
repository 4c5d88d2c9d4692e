import { z } from "zod";
import { battleIdSchema } from "./vote";
import { isStorableText, storableTextError } from "./text";

// A live prompt is sent to two paid model endpoints: short enough to read and to pay for.
export const livePromptMaxChars = 4000;
export const liveTurnLimitMax = 10;

const livePrompt = z
  .string({ error: "Write a prompt." })
  .trim()
  .min(1, "Write a prompt.")
  .max(livePromptMaxChars, `Keep the prompt under ${livePromptMaxChars} characters.`)
  .refine(isStorableText, storableTextError);

// POST /api/live/battles: the first turn of a new live battle.
export const liveStartSchema = z.object({ prompt: livePrompt, language: z.enum(["ar", "en"], { error: "language must be ar or en." }) }).strict();
// POST /api/live/battles/:id/turns: a follow-up turn to the same two models.
export const liveTurnSchema = z.object({ prompt: livePrompt }).strict();
export const liveParamsSchema = z.object({ id: battleIdSchema });

// What the stream of a turn carries, one JSON object per line (application/x-ndjson). Nothing about the
// models or their endpoints before the vote: the sides are "a" and "b". Strict, so a reader
// (lib/validation/live-stream.ts) fails on any field the stream should not carry.
const liveSide = z.enum(["a", "b"]);
export const liveEventSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("battle"), battleId: z.string(), turn: z.number().int(), turnLimit: z.number().int(), language: z.enum(["ar", "en"]) }),
  z.strictObject({ type: z.literal("delta"), side: liveSide, text: z.string() }),
  z.strictObject({ type: z.literal("side"), side: liveSide, status: z.enum(["done", "stopped", "failed"]) }),
  z.strictObject({ type: z.literal("end"), status: z.enum(["complete", "stopped", "void"]), canVote: z.boolean(), canFollowUp: z.boolean() }),
  z.strictObject({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;

// An admin re-categorises a live prompt (they arrive as "live").
export const livePromptCategorySchema = z.object({
  promptId: z.uuid({ error: "Not a valid prompt id." }),
  category: z.string().trim().min(1, "Enter a category.").max(100, "Categories are at most 100 characters.").refine(isStorableText, storableTextError),
});
