import { z } from "zod";

// Text is stored exactly as given except for Unicode NFC normalisation, so visually identical
// Arabic text written with different code point sequences hashes and compares the same.
const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text.` })
    .transform((s) => s.normalize("NFC"))
    .pipe(z.string().trim().min(1, `${field} is empty.`).max(max, `${field} is longer than ${max} characters.`));

export const modelKeySchema = z
  .string()
  .trim()
  .min(1, "A model name is empty.")
  .max(100, "A model name is longer than 100 characters.")
  .regex(/^[\p{L}\p{N}._:/@+-]+$/u, "A model name may contain letters, digits and . _ : / @ + - only.");

export const promptRowSchema = z.object({
  id: z.union([z.string(), z.number()], { error: "id is missing." }).transform(String).pipe(z.string().trim().min(1, "id is empty.").max(200)),
  language: z.enum(["ar", "en"], { error: "language must be \"ar\" or \"en\"." }),
  category: text("category", 100),
  tags: z.array(text("tag", 60)).max(20, "At most 20 tags.").default([]),
  prompt: text("prompt", 20_000),
  responses: z
    .record(modelKeySchema, text("response", 50_000))
    .refine((r) => Object.keys(r).length >= 2, { error: "A prompt needs responses from at least two models." }),
  priority: z.number().finite().optional(),
});
export type PromptRow = z.output<typeof promptRowSchema>;
