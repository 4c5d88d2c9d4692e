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
// models or their endpoints before the vote: the sides are "a" and "b".
export type LiveEvent =
  | { type: "battle"; battleId: string; turn: number; turnLimit: number; language: "ar" | "en" }
  | { type: "delta"; side: "a" | "b"; text: string }
  | { type: "side"; side: "a" | "b"; status: "done" | "stopped" | "failed" }
  | { type: "end"; status: "complete" | "stopped" | "void"; canVote: boolean; canFollowUp: boolean }
  | { type: "error"; code: string; message: string };

// An admin re-categorises a live prompt (they arrive as "live").
export const livePromptCategorySchema = z.object({
  promptId: z.uuid({ error: "Not a valid prompt id." }),
  category: z.string().trim().min(1, "Enter a category.").max(100, "Categories are at most 100 characters.").refine(isStorableText, storableTextError),
});
