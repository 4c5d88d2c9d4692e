import { z } from "zod";
import { isStorableText } from "./text";

// One prompt of an uploaded set, after parsing a JSONL line or a CSV record into the same shape.
// Error messages are message keys under `import.errors` (translated in the admin's language by the UI and
// in English by the CLI; see lib/import/issues.ts), so every problem can be shown in Arabic or English.
//
// Text is stored exactly as given except for Unicode NFC normalisation, so visually identical Arabic text
// written with different code point sequences hashes and compares the same.

export const promptTextMax = 20_000;
export const responseTextMax = 50_000;
export const maxTags = 20;

const text = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? "required" : "wrong_type") })
    .transform((s) => s.normalize("NFC"))
    .pipe(z.string().refine((s) => s.trim().length > 0, { error: "empty" }).max(max, { error: "too_long" }).refine(isStorableText, { error: "invalid" }));

export const modelKeyPattern = /^[\p{L}\p{N}._:/@+-]+$/u;

export const modelKeySchema = z
  .string()
  .trim()
  .min(1, { error: "empty" })
  .max(100, { error: "too_long" })
  .regex(modelKeyPattern, { error: "model_key_invalid" });

export const promptRowSchema = z.object({
  id: z
    .union([z.string(), z.number()], { error: (issue) => (issue.input === undefined ? "required" : "wrong_type") })
    .transform((v) => String(v).normalize("NFC").trim())
    .pipe(z.string().min(1, { error: "empty" }).max(200, { error: "too_long" }).refine(isStorableText, { error: "invalid" })),
  language: z.enum(["ar", "en"], { error: (issue) => (issue.input === undefined ? "required" : "language_invalid") }),
  category: text(100),
  tags: z.array(text(60), { error: "wrong_type" }).max(maxTags, { error: "too_many_tags" }).default([]),
  prompt: text(promptTextMax),
  responses: z
    .record(z.string(), text(responseTextMax), { error: "wrong_type" })
    .superRefine((responses, ctx) => {
      for (const key of Object.keys(responses)) {
        const parsed = modelKeySchema.safeParse(key);
        if (!parsed.success) ctx.addIssue({ code: "custom", message: "model_key_invalid", path: [key], params: { value: key } });
      }
      // No responses at all: a prompt to be answered by batch generation. One alone cannot be compared.
      const count = Object.keys(responses).length;
      if (count === 1) ctx.addIssue({ code: "custom", message: "too_few_responses", params: { count } });
    })
    .default({}),
  priority: z.number({ error: "priority_invalid" }).finite({ error: "priority_invalid" }).optional(),
});
export type PromptRow = z.output<typeof promptRowSchema>;
