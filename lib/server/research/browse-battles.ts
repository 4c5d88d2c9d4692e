import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { encodeCursor, type BattleBrowserQuery, type BrowseCursor } from "@/lib/validation/battle-browser";
import { readReasonFlags, type ReasonFlag } from "@/lib/validation/reason-flags";
import { voteFilterSql } from "./aggregate-vote-counts";

export type BrowsedModel = { id: string; key: string; displayName: string };
export type BrowsedVote = {
  id: string;
  createdAt: string;
  winner: "model_a" | "model_b" | "tie" | "tie_bothbad";
  reason: string | null;
  timeTakenMs: number;
  flaggedFast: boolean;
  isGold: boolean;
  language: "ar" | "en";
  annotator: { id: string; email: string };
  campaign: string | null;
  prompt: { id: string; externalId: string; category: string; tags: string[]; text: string; promptSet: string };
  // As the annotator saw them: A on the left (the start side in Arabic), B on the other.
  modelA: BrowsedModel;
  modelB: BrowsedModel;
  responseA: string | null;
  responseB: string | null;
  // The reason flags the annotator set on each answer, with their labels from the battle's campaign.
  flagsA: ReasonFlag[];
  flagsB: ReasonFlag[];
};
export type BrowsePage = {
  votes: BrowsedVote[];
  // Cursors for the older and the newer page; null at either end.
  older: string | null;
  newer: string | null;
  // Model keys in the query that name no model (the page then matches nothing).
  unknownModels: string[];
};

type Row = {
  id: string;
  t: string;
  winner: BrowsedVote["winner"];
  reason: string | null;
  time_taken_ms: number;
  flagged_fast: boolean;
  is_gold: boolean;
  language: "ar" | "en";
  annotator_id: string;
  annotator_email: string;
  campaign: string | null;
  prompt_id: string;
  external_id: string;
  category: string;
  tags: string[];
  prompt_text: string;
  prompt_set: string;
  a_id: string;
  a_key: string;
  a_name: string;
  b_id: string;
  b_key: string;
  b_name: string;
  response_a: string | null;
  response_b: string | null;
  flags_a: string[];
  flags_b: string[];
  reason_flags: unknown;
};

// Conditions of the browser's own filters, on votes aliased v. Model ids are resolved beforehand.
export function browseConditions(query: Pick<BattleBrowserQuery, "outcome" | "annotator">, model: string | null, vs: string | null): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (model && vs) {
    // The pair in either order: two index ranges of (model_a_id, model_b_id, winner).
    conditions.push(Prisma.sql`((v.model_a_id = ${model}::uuid AND v.model_b_id = ${vs}::uuid) OR (v.model_a_id = ${vs}::uuid AND v.model_b_id = ${model}::uuid))`);
  } else if (model || vs) {
    const m = (model ?? vs)!;
    conditions.push(Prisma.sql`(v.model_a_id = ${m}::uuid OR v.model_b_id = ${m}::uuid)`);
  }
  const subject = model ?? vs;
  // A win of the subject is its side's verdict; a loss, the other side's (without a subject: side A's).
  const sideWins = (own: "model_a" | "model_b", other: "model_a" | "model_b") =>
    subject
      ? Prisma.sql`((v.model_a_id = ${subject}::uuid AND v.winner = ${own}::"Winner") OR (v.model_b_id = ${subject}::uuid AND v.winner = ${other}::"Winner"))`
      : Prisma.sql`v.winner = ${own}::"Winner"`;
  switch (query.outcome) {
    case "win":
      conditions.push(sideWins("model_a", "model_b"));
      break;
    case "loss":
      conditions.push(sideWins("model_b", "model_a"));
      break;
    case "tie":
      conditions.push(Prisma.sql`v.winner = 'tie'`);
      break;
    case "bothbad":
      conditions.push(Prisma.sql`v.winner = 'tie_bothbad'`);
      break;
  }
  if (query.annotator) conditions.push(Prisma.sql`v.annotator_id = ${query.annotator}::uuid`);
  return conditions;
}

// Newest first, (created_at, id) as the total order. `after` = older than that vote; `before` = newer.
function keysetCondition(after?: BrowseCursor, before?: BrowseCursor): Prisma.Sql | null {
  if (after) return Prisma.sql`(v.created_at, v.id) < (${after.createdAt}::timestamp, ${after.id}::uuid)`;
  if (before) return Prisma.sql`(v.created_at, v.id) > (${before.createdAt}::timestamp, ${before.id}::uuid)`;
  return null;
}

// The page's SQL (exported for the benchmark's EXPLAIN): the page's ids first (the filters and the order
// on votes alone, pageSize + 1 rows to tell whether another page follows), then the details of those ids.
export function browseSql(query: BattleBrowserQuery, model: string | null, vs: string | null): Prisma.Sql {
  const { joins, where } = voteFilterSql(query);
  const conditions = [where, ...browseConditions(query, model, vs)];
  const keyset = keysetCondition(query.after, query.before);
  if (keyset) conditions.push(keyset);
  const backwards = Boolean(query.before);
  const limit = query.pageSize + 1;
  return Prisma.sql`
    WITH page AS (
      SELECT v.id, v.created_at FROM votes v ${joins}
      WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY v.created_at ${backwards ? Prisma.sql`ASC` : Prisma.sql`DESC`}, v.id ${backwards ? Prisma.sql`ASC` : Prisma.sql`DESC`}
      LIMIT ${limit}
    )
    SELECT v.id::text, to_char(v.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t, v.winner::text AS winner, v.reason,
      v.time_taken_ms, v.flagged_fast, v.is_gold, v.language::text AS language,
      v.annotator_id::text, u.email AS annotator_email, c.name AS campaign,
      p.id::text AS prompt_id, p.external_id, p.category, p.tags, p.text AS prompt_text, ps.name AS prompt_set,
      ma.id::text AS a_id, ma.key AS a_key, ma.display_name AS a_name, mb.id::text AS b_id, mb.key AS b_key, mb.display_name AS b_name,
      coalesce(ra.text, la.text) AS response_a, coalesce(rb.text, lb.text) AS response_b, v.flags_a, v.flags_b, c.reason_flags
    FROM page
    JOIN votes v ON v.id = page.id
    JOIN users u ON u.id = v.annotator_id
    JOIN prompts p ON p.id = v.prompt_id
    JOIN prompt_sets ps ON ps.id = p.prompt_set_id
    JOIN models ma ON ma.id = v.model_a_id
    JOIN models mb ON mb.id = v.model_b_id
    LEFT JOIN campaigns c ON c.id = v.campaign_id
    LEFT JOIN responses ra ON ra.prompt_id = v.prompt_id AND ra.model_id = v.model_a_id
    LEFT JOIN responses rb ON rb.prompt_id = v.prompt_id AND rb.model_id = v.model_b_id
    LEFT JOIN LATERAL (${liveAnswer("a")}) la ON ra.text IS NULL
    LEFT JOIN LATERAL (${liveAnswer("b")}) lb ON rb.text IS NULL
    ORDER BY page.created_at DESC, page.id DESC`;
}

// A live battle's answer on one side: its turns in order, each follow-up preceded by the annotator's prompt
// (the first prompt is the battle's own), as Markdown.
function liveAnswer(side: "a" | "b"): Prisma.Sql {
  return Prisma.sql`
    SELECT string_agg(CASE WHEN t.turn > 1 THEN '**› ' || t.user_text || E'**\n\n' ELSE '' END || t.text, E'\n\n---\n\n' ORDER BY t.turn) AS text
    FROM live_turns t WHERE t.battle_id = v.battle_id AND t.side = ${side}`;
}

/**
 * One page of votes with their prompts and both responses, newest first, under the leaderboard's filters
 * plus a model or model pair, an outcome and an annotator. Keyset paging on (created_at, id), so every
 * page costs the same however deep it is and votes arriving meanwhile never shift a page.
 */
export async function browseBattles(query: BattleBrowserQuery): Promise<BrowsePage> {
  const keys = [query.model, query.vs].filter((k): k is string => Boolean(k));
  const found = keys.length ? await db.aiModel.findMany({ where: { key: { in: keys } }, select: { id: true, key: true } }) : [];
  const idOf = new Map(found.map((m) => [m.key, m.id]));
  const unknownModels = keys.filter((k) => !idOf.has(k));
  if (unknownModels.length) return { votes: [], older: null, newer: null, unknownModels };

  const rows = await db.$queryRaw<Row[]>(browseSql(query, query.model ? idOf.get(query.model)! : null, query.vs ? idOf.get(query.vs)! : null));
  const backwards = Boolean(query.before);

  // One row more than a page says whether there is a further page in the direction read.
  const more = rows.length > query.pageSize;
  const pageRows = backwards ? (more ? rows.slice(1) : rows) : rows.slice(0, query.pageSize);
  const votes = pageRows.map(toVote);
  const first = votes[0];
  const last = votes[votes.length - 1];
  const cursorOf = (v: BrowsedVote) => encodeCursor({ createdAt: v.createdAt, id: v.id });
  // Reading forwards (older), a newer page exists whenever we started from a cursor; backwards, the
  // other way round.
  const older = last && (backwards ? true : more) ? cursorOf(last) : null;
  const newer = first && (backwards ? more : Boolean(query.after)) ? cursorOf(first) : null;
  return { votes, older, newer, unknownModels: [] };
}

function toVote(r: Row): BrowsedVote {
  // Labels from the campaign's flags (the defaults outside a campaign); a flag since removed from the
  // campaign keeps its key as its label.
  const offered = readReasonFlags(r.reason_flags ?? undefined);
  const labelled = (keys: string[]) => keys.map((key) => offered.find((f) => f.key === key) ?? { key, en: key, ar: key });
  return {
    id: r.id,
    createdAt: r.t,
    winner: r.winner,
    reason: r.reason,
    timeTakenMs: r.time_taken_ms,
    flaggedFast: r.flagged_fast,
    isGold: r.is_gold,
    language: r.language,
    annotator: { id: r.annotator_id, email: r.annotator_email },
    campaign: r.campaign,
    prompt: { id: r.prompt_id, externalId: r.external_id, category: r.category, tags: r.tags, text: r.prompt_text, promptSet: r.prompt_set },
    modelA: { id: r.a_id, key: r.a_key, displayName: r.a_name },
    modelB: { id: r.b_id, key: r.b_key, displayName: r.b_name },
    flagsA: labelled(r.flags_a ?? []),
    flagsB: labelled(r.flags_b ?? []),
    responseA: r.response_a,
    responseB: r.response_b,
  };
}

// Choices for the browser's own filters: models and the annotators who have voted (each an index probe).
export async function browseFilterOptions() {
  const [models, annotators] = await Promise.all([
    db.aiModel.findMany({ select: { key: true, displayName: true }, orderBy: { key: "asc" } }),
    db.$queryRaw<{ id: string; email: string }[]>`
      SELECT u.id::text, u.email FROM users u WHERE EXISTS (SELECT 1 FROM votes v WHERE v.annotator_id = u.id) ORDER BY u.email LIMIT 2000`,
  ]);
  return { models, annotators };
}
export type BrowseFilterOptions = Awaited<ReturnType<typeof browseFilterOptions>>;
