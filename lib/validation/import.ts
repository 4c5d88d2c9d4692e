import { z } from "zod";
import { isStorableText, storableTextError } from "./text";

// Boundaries of the import routes, forms and CLI.
export const setNameSchema = z
  .string({ error: "A set name is required." })
  .trim()
  .min(1, "A set name is required.")
  .max(120, "A set name is at most 120 characters.")
  .refine(isStorableText, storableTextError)
  .transform((s) => s.normalize("NFC"));

export const importFormats = ["jsonl", "csv"] as const;
export type ImportFormat = (typeof importFormats)[number];

// Query string of the streaming upload route (the body is the raw file).
export const uploadQuerySchema = z.object({
  setName: setNameSchema,
  fileName: z.string().trim().min(1, "A file name is required.").max(255).refine(isStorableText, storableTextError),
});

export const uploadIdSchema = z.uuid("Unknown upload.");

export const commitImportSchema = z.object({
  // Drop responses that reveal a model's identity (and prompts left with fewer than two responses).
  dropFlagged: z.boolean().default(false),
});
export type CommitImportInput = z.output<typeof commitImportSchema>;
