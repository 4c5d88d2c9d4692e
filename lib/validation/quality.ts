import { z } from "zod";
import { isStorableText, storableTextError } from "./text";

// Schemas for the quality views: annotator exclusion, gold pairs, the annotator's own progress.
const id = z.uuid({ error: "Unknown id." });

export const setAnnotatorExcludedSchema = z.object({ userId: id, excluded: z.boolean() });

export const createGoldPairSchema = z
  .object({ promptId: id, betterModelId: id, worseModelId: id })
  .refine((v) => v.betterModelId !== v.worseModelId, { error: "Choose two different models.", path: ["worseModelId"] });
export type CreateGoldPairInput = z.input<typeof createGoldPairSchema>;

export const deleteGoldPairSchema = z.object({ goldPairId: id });

// The gold page's prompt search (query string): a prompt set and text or an external id.
export const goldPromptSearchSchema = z.object({
  set: z.union([z.uuid(), z.literal("")]).optional().catch(undefined).transform((s) => (s ? s : undefined)),
  q: z.string().trim().max(200).refine(isStorableText, storableTextError).optional().catch(undefined).transform((s) => (s ? s : undefined)),
  prompt: z.uuid().optional().catch(undefined),
});

// The annotators page (query string).
export const annotatorsPageSchema = z.object({ page: z.coerce.number().int().min(1).catch(1).default(1) });

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

// "Votes today" is counted in the annotator's own time zone (an IANA name sent by the browser).
export const progressQuerySchema = z.object({
  tz: z.string().max(64).refine(isTimeZone, { error: "Unknown time zone." }).default("UTC"),
});
