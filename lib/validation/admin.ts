import { z } from "zod";
import { liveTurnLimitMax } from "./live";
import { emailSchema, roleSchema } from "./auth";
import { isStorableText, storableTextError } from "./text";

// Schemas for the admin area, shared by forms (client-side hints) and server actions (the real check).

export const languageSchema = z.enum(["ar", "en"]);
const id = z.uuid({ error: "Unknown id." });

// Every action the audit log records; the audit page filters by these.
export const auditActions = [
  "model.renamed",
  "model.status_changed",
  "user.created",
  "user.role_changed",
  "user.languages_changed",
  "user.disabled",
  "user.enabled",
  "campaign.created",
  "campaign.updated",
  "campaign.activated",
  "campaign.deactivated",
  // Guidelines and reason flags (lib/server/campaigns/campaign-guidance.ts).
  "campaign.guidance_updated",
  // Written by the research API token management (lib/server/api-tokens).
  "apiToken.created",
  "apiToken.revoked",
  // Written when a researcher excludes or re-includes an annotator's votes in rankings.
  "annotator.excluded",
  "annotator.included",
  // Written when an admin marks or removes a gold pair (lib/server/quality).
  "goldPair.created",
  "goldPair.deleted",
  // Written by the prompt-set import (lib/server/import/commit-upload.ts).
  "import.commit",
  // Model endpoints and batch generation (lib/server/endpoints, lib/server/generation).
  "endpoint.saved",
  "endpoint.deleted",
  "generation.started",
  "generation.cancelled",
  "generation.retried",
  "generation.committed",
  // An admin re-categorised a prompt written in a live battle (lib/server/live/live-prompts.ts).
  "livePrompt.recategorised",
] as const;
export type AuditAction = (typeof auditActions)[number];
export const auditActionSchema = z.enum(auditActions);

// Models
export const renameModelSchema = z.object({
  modelId: id,
  displayName: z.string().trim().min(1, "Enter a display name.").max(100, "Display names are at most 100 characters.").refine(isStorableText, storableTextError),
});
export const modelStatuses = ["active", "hidden", "retired"] as const;
export type ModelStatus = (typeof modelStatuses)[number];
export const setModelStatusSchema = z.object({ modelId: id, status: z.enum(modelStatuses) });

// Users
export const adminCreateUserSchema = z.object({
  email: emailSchema,
  name: z.string().trim().max(100).refine(isStorableText, storableTextError).optional().transform((v) => (v ? v : undefined)),
  role: roleSchema,
  languages: z.array(languageSchema).min(1, "Choose at least one language.").default(["ar", "en"]),
  // Empty means "generate one": the password is shown to the admin once, to hand over.
  password: z
    .string()
    .max(200)
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.string().min(8, "Passwords need at least 8 characters.").optional()),
});
export type AdminCreateUserInput = z.input<typeof adminCreateUserSchema>;
export const changeRoleSchema = z.object({ userId: id, role: roleSchema });
export const setLanguagesSchema = z.object({ userId: id, languages: z.array(languageSchema).min(1, "Choose at least one language.") });
export const setDisabledSchema = z.object({ userId: id, disabled: z.boolean() });

// Campaigns
const rate = z.coerce.number({ error: "Enter a number between 0 and 1." }).min(0, "Use a number between 0 and 1.").max(1, "Use a number between 0 and 1.");
export const campaignFieldsSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(120, "Names are at most 120 characters.").refine(isStorableText, storableTextError),
  targetVotes: z.coerce.number().int("Use a whole number.").min(1, "The target is at least 1 vote.").max(10_000_000),
  goldRate: rate,
  overlapRate: rate,
  promptSetIds: z.array(id),
  modelIds: z.array(id).min(2, "Choose at least two models: a battle needs a pair."),
  // A live campaign: annotators write the prompts, its models with an endpoint answer them (live battles).
  live: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()).optional().default(false),
  liveTurnLimit: z.coerce.number().int("Use a whole number.").min(1, "Allow at least 1 turn.").max(liveTurnLimitMax, `At most ${liveTurnLimitMax} turns.`).optional().default(3),
});
export type CampaignFields = z.input<typeof campaignFieldsSchema>;
// A live campaign's prompts are written by its annotators (its own live prompt set); any other needs a set.
const needsPromptSets = (f: { live: boolean; promptSetIds: string[] }) => f.live || f.promptSetIds.length > 0;
const promptSetsError = { error: "Choose at least one prompt set.", path: ["promptSetIds"] };
export const createCampaignSchema = campaignFieldsSchema.refine(needsPromptSets, promptSetsError);
export const updateCampaignSchema = campaignFieldsSchema.extend({ campaignId: id }).refine(needsPromptSets, promptSetsError);
export const setCampaignActiveSchema = z.object({ campaignId: id, active: z.boolean() });

// Users page (query string): a search over email and name, one page at a time. Anything unreadable falls back to
// the first page of everyone rather than an error page.
export const userListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
  q: z.string().trim().max(200).refine(isStorableText, storableTextError).catch("").default(""),
});

// Audit log page (query string)
export const auditLogQuerySchema = z.object({
  page: z.coerce.number().int().min(1).catch(1).default(1),
  action: auditActionSchema.optional().catch(undefined),
});
