import { z } from "zod";
import { isStorableText, storableTextError } from "./text";

// Structured reasons: per-response flags ("factual error", "unsafe", …) an annotator sets on answer A or B
// besides the free-text reason. Each campaign configures its own list (campaigns.reason_flags); battles
// outside any campaign offer the defaults. A flag is stored by its key; the labels are for people.

export type ReasonFlag = { key: string; en: string; ar: string };

// Keys: lower-case letters, digits and underscores, as they appear in exports and in `flag=` URLs.
export const flagKeySchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, { error: "A flag key is 1–40 lower-case letters, digits or underscores, starting with a letter." });

const label = z.string().trim().min(1, "Give the flag a label in both languages.").max(60, "Flag labels are at most 60 characters.").refine(isStorableText, storableTextError);

// At most this many flags per campaign: one physical key per flag and side (battle-keys.ts).
export const maxReasonFlags = 8;

export const reasonFlagSchema = z.object({ key: flagKeySchema, en: label, ar: label });

export const reasonFlagsSchema = z
  .array(reasonFlagSchema)
  .max(maxReasonFlags, `At most ${maxReasonFlags} flags per campaign.`)
  .refine((flags) => new Set(flags.map((f) => f.key)).size === flags.length, { error: "Each flag key may appear once." });

export const defaultReasonFlags: ReasonFlag[] = [
  { key: "wrong_language", en: "Wrong language", ar: "لغة خاطئة" },
  { key: "factual_error", en: "Factual error", ar: "خطأ في المعلومات" },
  { key: "unsafe", en: "Unsafe", ar: "غير آمن" },
  { key: "incomplete", en: "Incomplete", ar: "ناقص" },
  { key: "dialect_not_msa", en: "Dialect where MSA was asked", ar: "عامية بدل الفصحى المطلوبة" },
];

// What a stored campaigns.reason_flags value holds; anything unreadable falls back to the defaults.
export function readReasonFlags(stored: unknown): ReasonFlag[] {
  const parsed = reasonFlagsSchema.safeParse(stored);
  return parsed.success ? parsed.data : defaultReasonFlags;
}

// The flags of one vote, per response. Only the shape is checked here; the server checks the keys
// against the battle's campaign (record-vote.ts) and refuses unknown ones.
const sideFlags = z
  .array(flagKeySchema)
  .max(maxReasonFlags, `At most ${maxReasonFlags} flags per response.`)
  .refine((keys) => new Set(keys).size === keys.length, { error: "A flag may be set once per response." })
  .default([]);
export const voteFlagsSchema = z.object({ a: sideFlags, b: sideFlags }).strict();
export type VoteFlags = z.output<typeof voteFlagsSchema>;

// Guidelines: Markdown, one text per UI language (either may be empty: the other is shown instead).
const guidelineText = z.string().max(20_000, "Guidelines are at most 20,000 characters per language.").refine(isStorableText, storableTextError);
export const campaignGuidanceSchema = z.object({
  campaignId: z.uuid({ error: "Unknown id." }),
  guidelinesAr: guidelineText,
  guidelinesEn: guidelineText,
  reasonFlags: reasonFlagsSchema,
});
export type CampaignGuidanceInput = z.input<typeof campaignGuidanceSchema>;

// The campaign in /api/me/guidelines/[id]/acknowledge.
export const campaignParamsSchema = z.object({ id: z.uuid({ error: "Not a valid campaign id." }) });
