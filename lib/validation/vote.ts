import { z } from "zod";
import { voteFlagsSchema } from "./reason-flags";
import { isStorableText, storableTextError } from "./text";

export const winners = ["model_a", "model_b", "tie", "tie_bothbad"] as const;
export type WinnerChoice = (typeof winners)[number];

export const battleIdSchema = z.uuid({ error: "Not a valid battle id." });

export const voteSchema = z.object({
  battleId: battleIdSchema,
  winner: z.enum(winners, { error: `winner must be one of: ${winners.join(", ")}.` }),
  reason: z.string().trim().max(1000, "Keep the reason under 1000 characters.").refine(isStorableText, storableTextError).optional().transform((s) => (s ? s : undefined)),
  // Measured by the client from the moment the battle was shown; capped at one day.
  timeTakenMs: z.number().int().min(0).max(86_400_000).optional(),
  // Structured reasons per response (keys of the battle's campaign flags); optional, additive.
  flags: voteFlagsSchema.optional(),
});
export type VoteInput = z.input<typeof voteSchema>;

// POST /api/votes: a vote, and `next: true` to have the answer carry the annotator's next battle as well
// (the browser's vote loop: one request per vote). Without it the answer is { vote } as it always was.
// Strict, as POST /api/battles/next's body is: a misspelt or extra field (say "userId") is refused, not ignored.
export const voteRequestSchema = voteSchema
  .extend({
    next: z.boolean({ error: "next must be true or false." }).optional(),
  })
  .strict();

export const battleParamsSchema = z.object({ id: battleIdSchema });
export const emptySchema = z.object({}).strict();
