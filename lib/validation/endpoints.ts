import { z } from "zod";
import { isStorableText, storableTextError } from "./text";

// Model endpoints and generation jobs (admin only). Shared by the forms and the server actions.

const id = z.uuid({ error: "Unknown id." });
const blankToUndefined = (v: unknown) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v);

// Admins are trusted to point at internal hosts (a vLLM on localhost is the usual case), so private and
// loopback addresses are allowed on purpose. What is refused: any scheme but http(s), credentials inside
// the URL (they would be shown back on the page; use the credential fields), query strings and fragments.
export const endpointBaseUrlSchema = z
  .string()
  .trim()
  .max(2000, "URLs are at most 2000 characters.")
  // No spaces or control characters (URL parsing would drop leading ones silently) and nothing Postgres cannot store.
  .refine((v) => !/\s/.test(v) && ![...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), "Enter the URL without spaces or control characters.")
  .refine(isStorableText, storableTextError)
  .refine((v) => {
    if (!URL.canParse(v)) return false;
    const u = new URL(v);
    return (u.protocol === "http:" || u.protocol === "https:") && !u.username && !u.password && !u.search && !u.hash && u.hostname !== "";
  }, "Enter an http:// or https:// URL without credentials, query or fragment (e.g. http://127.0.0.1:8000/v1).")
  .transform((v) => v.replace(/\/+$/, ""));

// An environment variable of the server that holds the API key. The app's own configuration is refused:
// naming DATABASE_URL or NEXTAUTH_SECRET would send it to the endpoint.
export const reservedEnvPrefixes = ["ARENA_", "NEXTAUTH_", "DATABASE_", "GITHUB_", "PG"] as const;
export const envNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, "Environment variable names use letters, digits and _.")
  .refine((v) => !reservedEnvPrefixes.some((p) => v.toUpperCase().startsWith(p)), "That variable belongs to the app's own configuration.");

export const credentialSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("env"), name: envNameSchema }),
  // An empty secret keeps the stored one (the page never has it to send back).
  z.object({ kind: z.literal("secret"), secret: z.preprocess(blankToUndefined, z.string().max(4096).refine(isStorableText, storableTextError).optional()) }),
]);
export type CredentialInput = z.output<typeof credentialSchema>;

// Form fields arrive as text; anything but text or a number is left for the schema to refuse (Number() of an
// object without a prototype would throw).
const toNumber = (v: unknown) => (typeof v === "string" ? Number(v) : v);
const optionalNumber = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (blankToUndefined(v) === undefined ? undefined : toNumber(v)), schema.optional());
const systemPrompt = z.preprocess(blankToUndefined, z.string().max(20_000).refine(isStorableText, storableTextError).optional());

export const saveEndpointSchema = z.object({
  modelId: id,
  baseUrl: endpointBaseUrlSchema,
  remoteModel: z.string().trim().min(1, "Enter the model id the endpoint expects.").max(200).refine(isStorableText, storableTextError),
  credential: credentialSchema,
  temperature: optionalNumber(z.number().min(0).max(2)),
  maxTokens: optionalNumber(z.number().int().min(1).max(200_000)),
  systemPromptAr: systemPrompt,
  systemPromptEn: systemPrompt,
  concurrency: z.preprocess((v) => (blankToUndefined(v) === undefined ? 4 : toNumber(v)), z.number().int().min(1).max(256)),
  timeoutMs: z.preprocess((v) => (blankToUndefined(v) === undefined ? 60_000 : toNumber(v)), z.number().int().min(1000).max(600_000)),
});
export type SaveEndpointInput = z.output<typeof saveEndpointSchema>;

export const endpointModelSchema = z.object({ modelId: id });

export const startGenerationSchema = z.object({
  promptSetId: id,
  modelIds: z.array(id).min(1, "Choose at least one model.").max(50),
  // Only prompts the model has no response to yet (default), or every prompt.
  onlyMissing: z.boolean().default(true),
});
export const jobSchema = z.object({ jobId: id });
// One failed item, or every failed item of the job when itemId is left out.
export const retryGenerationSchema = z.object({ jobId: id, itemId: id.optional() });
export const commitGenerationSchema = z.object({ jobId: id, dropFlagged: z.boolean().default(false) });
