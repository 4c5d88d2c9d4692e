import { z } from "zod";
import { isStorableText, storableTextError } from "./text";
import { leaderboardFiltersShape, parseSearchEntries, withDateOrder } from "./leaderboard-filters";

// The battle browser (/research/battles, GET /api/research/battles): the leaderboard's filters plus a model
// (or a model pair, in either order), an outcome, an annotator, and a keyset cursor. Every value lives in
// the URL, as the leaderboard's do.
export const BROWSE_OUTCOMES = ["win", "loss", "tie", "bothbad"] as const;
export type BrowseOutcome = (typeof BROWSE_OUTCOMES)[number];
export const DEFAULT_BROWSE_PAGE_SIZE = 20;
export const MAX_BROWSE_PAGE_SIZE = 50;

const modelKey = z.string().trim().max(200).refine(isStorableText, storableTextError).optional().transform((s) => (s ? s : undefined));
const optionalId = z.union([z.uuid(), z.literal("")]).optional().transform((s) => (s ? s : undefined));
// A position in the newest-first order: the vote's time (ISO, microseconds kept by the server) and id.
// Opaque to clients; anything that does not decode is an invalid cursor (422), never a 5xx.
const cursor = z
  .string()
  .max(200)
  .optional()
  .transform((s, ctx) => {
    if (!s) return undefined;
    const decoded = decodeCursor(s);
    if (!decoded) {
      ctx.addIssue({ code: "custom", message: "The page cursor is not valid." });
      return z.NEVER;
    }
    return decoded;
  });

export const battleBrowserExtraShape = z.object({
  // A model key; with `vs`, the pair in either order (the vote's sides A/B do not matter).
  model: modelKey,
  vs: modelKey,
  // Relative to `model`: win = it won, loss = it lost. Without a model: win = the left answer (A) won.
  outcome: z.union([z.enum(BROWSE_OUTCOMES), z.literal("")]).optional().transform((s) => (s ? s : undefined)),
  annotator: optionalId,
  // Keyset paging: `after` = older than this vote, `before` = newer than this vote.
  after: cursor,
  before: cursor,
  pageSize: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number({ error: "pageSize must be a whole number." }).int({ error: "pageSize must be a whole number." }).min(1).max(MAX_BROWSE_PAGE_SIZE).default(DEFAULT_BROWSE_PAGE_SIZE),
  ),
});

export const battleBrowserSchema = withDateOrder(leaderboardFiltersShape.extend(battleBrowserExtraShape.shape)).refine((f) => !(f.after && f.before), {
  error: "Give either after or before, not both.",
  path: ["before"],
});
export type BattleBrowserQuery = z.output<typeof battleBrowserSchema>;
export type BattleBrowserExtras = z.output<typeof battleBrowserExtraShape>;
export type BrowseCursor = { createdAt: string; id: string };

export function parseBattleBrowserExtras(params: Record<string, string | string[] | undefined>) {
  return battleBrowserExtraShape.safeParse(parseSearchEntries(params));
}

const isoMicros = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function encodeCursor(c: BrowseCursor): string {
  return Buffer.from(`${c.createdAt}|${c.id}`, "utf8").toString("base64url");
}

export function decodeCursor(s: string): BrowseCursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) return null;
  const [createdAt, id, ...rest] = Buffer.from(s, "base64url").toString("utf8").split("|");
  if (rest.length || !createdAt || !id || !isoMicros.test(createdAt) || !z.guid().safeParse(id).success) return null;
  if (Number.isNaN(Date.parse(createdAt))) return null;
  return { createdAt, id };
}
