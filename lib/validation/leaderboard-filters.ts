import { z } from "zod";
import { CLUSTER_UNITS } from "@/lib/ratings/cluster-bootstrap";
import { DEFAULT_MIN_VOTES } from "@/lib/ratings/leaderboard";
import { flagKeySchema } from "./reason-flags";
import { isStorableText, storableTextError } from "./text";

// Every leaderboard filter lives in the URL, so this one schema parses search params for the page,
// the JSON API and the exports alike. Unknown params are ignored; bad values are a 422.
const optionalText = z.string().trim().max(200).refine(isStorableText, storableTextError).optional().transform((s) => (s ? s : undefined));
const optionalId = z.union([z.uuid(), z.literal("")]).optional().transform((s) => (s ? s : undefined));
// A calendar day Postgres can compare with: year 0000 passes an ISO date check but is no Postgres date
// (it answered 503).
const optionalDate = z
  .union([z.iso.date().refine((s) => s >= "0001-01-01", { error: "Dates start at 0001-01-01." }), z.literal("")], {
    error: "Give a date as YYYY-MM-DD.",
  })
  .optional()
  .transform((s) => (s ? s : undefined));

export const leaderboardFiltersShape = z.object({
    language: z.enum(["all", "ar", "en"]).default("all"),
    category: optionalText,
    tag: optionalText,
    // Votes where either response carries this reason flag (a flag key, e.g. factual_error).
    flag: z.union([flagKeySchema, z.literal("")]).optional().transform((s) => (s ? s : undefined)),
    promptSet: optionalId,
    campaign: optionalId,
    // Inclusive calendar days (UTC).
    from: optionalDate,
    to: optionalDate,
    ties: z.enum(["half", "drop"]).default("half"),
    bothbad: z.enum(["half", "drop"]).default("half"),
    // Votes of annotators a researcher excluded are left out unless asked for.
    excluded: z.enum(["exclude", "include"]).default("exclude"),
    // Votes of live battles where an answer revealed its model are left out unless asked for.
    leaked: z.enum(["exclude", "include"]).default("exclude"),
    // What the bootstrap resamples. Annotators by default: an annotator's votes share that annotator's taste,
    // the main dependence among arena votes (README, Ratings).
    cluster: z.enum(CLUSTER_UNITS).default("annotator"),
    // Style control (a second Bradley-Terry fit with length and markdown covariates, and its own 1,000-round
    // bootstrap) is computed only when asked: at the scale of a real campaign its bootstrap costs several
    // times the plain one (README, "Style control"), and every new vote recomputes the live leaderboard.
    style: z.enum(["off", "on"]).default("off"),
    // Pin this model (by key) at 1000 instead of centring on the mean of the well-measured models.
    anchor: optionalText,
    // Models with fewer counted votes are rated but preliminary: they never centre the scale.
    minVotes: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z.coerce.number({ error: "minVotes must be a whole number of votes." }).int({ error: "minVotes must be a whole number of votes." }).min(0).max(1_000_000).default(DEFAULT_MIN_VOTES),
    ),
  });

export function withDateOrder<S extends z.ZodType<{ from?: string; to?: string }>>(schema: S) {
  return schema.refine((f) => !f.from || !f.to || f.from <= f.to, { error: "The start date must not be after the end date.", path: ["to"] });
}

export const leaderboardFiltersSchema = withDateOrder(leaderboardFiltersShape);

// The read-only API and exports: the same filters plus an output format.
export const leaderboardExportSchema = withDateOrder(leaderboardFiltersShape.extend({ format: z.enum(["json", "csv"]).default("json") }));
// The leaderboard export: the model table (default) or, with style=on, the style coefficients as their own table
// (`table=coefficients`; without style=on there are none, so the request is refused rather than answered empty).
export const leaderboardTableExportSchema = withDateOrder(
  leaderboardFiltersShape.extend({ format: z.enum(["json", "csv"]).default("json"), table: z.enum(["models", "coefficients"]).default("models") }),
).refine((f) => f.table !== "coefficients" || f.style === "on", { error: "table=coefficients needs style=on: the coefficients come from the style-control fit.", path: ["table"] });
export const votesExportSchema = withDateOrder(leaderboardFiltersShape.extend({ format: z.enum(["jsonl", "csv", "clean_battle"]).default("jsonl") }));

export type LeaderboardFilters = z.output<typeof leaderboardFiltersSchema>;

// Search params as one value per name (the first of repeated ones), as the schemas read them.
export function parseSearchEntries(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  return params instanceof URLSearchParams ? Object.fromEntries(params) : Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}

export function parseLeaderboardFilters(params: URLSearchParams | Record<string, string | string[] | undefined>) {
  return leaderboardFiltersSchema.safeParse(parseSearchEntries(params));
}

// Filters as URL search params, without defaults, so shared links stay short.
export function filtersToSearchParams(filters: Partial<LeaderboardFilters>): URLSearchParams {
  const defaults: Record<string, string> = { language: "all", ties: "half", bothbad: "half", excluded: "exclude", leaked: "exclude", minVotes: String(DEFAULT_MIN_VOTES), cluster: "annotator", style: "off" };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === "" || defaults[key] === String(value)) continue;
    params.set(key, String(value));
  }
  return params;
}
