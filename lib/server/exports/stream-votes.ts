import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { voteFilterSql } from "@/lib/server/research/aggregate-vote-counts";
import type { LeaderboardFilters } from "@/lib/validation/leaderboard-filters";
import { anonymousJudgeId } from "./anonymous-judge";

export type ExportedVote = {
  id: string;
  createdAt: Date;
  annotatorId: string;
  promptExternalId: string;
  promptSet: string;
  language: string;
  category: string;
  tags: string[];
  modelA: string;
  modelB: string;
  winner: "model_a" | "model_b" | "tie" | "tie_bothbad";
  reason: string | null;
  timeTakenMs: number;
  flaggedFast: boolean;
  /** Stored style features of the two responses (null until computed; see lib/server/import/style-features.ts). */
  tokensA: number | null;
  tokensB: number | null;
  headersA: number | null;
  headersB: number | null;
  listsA: number | null;
  listsB: number | null;
  boldA: number | null;
  boldB: number | null;
  // Reason flags set on response A and on B (keys of the campaign's flags).
  flagsA: string[];
  flagsB: string[];
};

const batchSize = 5000;

// Filtered votes in the order they were cast, read in keyset-paginated batches so an export of
// millions of votes never holds more than one batch in memory.
export async function* streamVotes(filters: LeaderboardFilters): AsyncGenerator<ExportedVote> {
  const { where } = voteFilterSql(filters);
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const cursor: Prisma.Sql = after ? Prisma.sql`AND (v.created_at, v.id) > (${after.createdAt}, ${after.id}::uuid)` : Prisma.empty;
    const rows = await db.$queryRaw<ExportedVote[]>`
      SELECT v.id, v.created_at AS "createdAt", v.annotator_id AS "annotatorId", p.external_id AS "promptExternalId",
        s.name AS "promptSet", v.language::text AS language, p.category, p.tags,
        ma.key AS "modelA", mb.key AS "modelB", v.winner::text AS winner, v.reason,
        v.time_taken_ms AS "timeTakenMs", v.flagged_fast AS "flaggedFast",
        ra.style_tokens AS "tokensA", rb.style_tokens AS "tokensB", ra.style_headers AS "headersA", rb.style_headers AS "headersB",
        ra.style_lists AS "listsA", rb.style_lists AS "listsB", ra.style_bold AS "boldA", rb.style_bold AS "boldB",
        v.flags_a AS "flagsA", v.flags_b AS "flagsB"
      FROM votes v
      JOIN prompts p ON p.id = v.prompt_id
      JOIN prompt_sets s ON s.id = p.prompt_set_id
      JOIN models ma ON ma.id = v.model_a_id
      JOIN models mb ON mb.id = v.model_b_id
      LEFT JOIN responses ra ON ra.prompt_id = v.prompt_id AND ra.model_id = v.model_a_id
      LEFT JOIN responses rb ON rb.prompt_id = v.prompt_id AND rb.model_id = v.model_b_id
      WHERE ${where} ${cursor}
      ORDER BY v.created_at, v.id
      LIMIT ${batchSize}`;
    for (const row of rows) yield row;
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

const cleanBattleWinner = { model_a: "model_a", model_b: "model_b", tie: "tie", tie_bothbad: "tie (bothbad)" } as const;

// FastChat's conv_metadata (the fields its style control reads), when both responses have stored features.
// sum_assistant_*_tokens holds Arena's token proxy (lib/ratings/style-features.ts), not tiktoken counts.
function convMetadata(v: ExportedVote) {
  const values = [v.tokensA, v.tokensB, v.headersA, v.headersB, v.listsA, v.listsB, v.boldA, v.boldB];
  if (values.some((x) => x === null || x === undefined)) return undefined;
  return {
    sum_assistant_a_tokens: v.tokensA,
    sum_assistant_b_tokens: v.tokensB,
    header_count_a: v.headersA,
    header_count_b: v.headersB,
    list_count_a: v.listsA,
    list_count_b: v.listsB,
    bold_count_a: v.boldA,
    bold_count_b: v.boldB,
  };
}

// FastChat's clean_battle record, so existing notebooks (compute_mle_elo, style control) read our votes as is.
export function toCleanBattle(v: ExportedVote) {
  return {
    question_id: `${v.promptSet}/${v.promptExternalId}`,
    model_a: v.modelA,
    model_b: v.modelB,
    winner: cleanBattleWinner[v.winner],
    judge: anonymousJudgeId(v.annotatorId),
    turn: 1,
    anony: true,
    language: v.language === "ar" ? "Arabic" : "English",
    tstamp: v.createdAt.getTime() / 1000,
    conv_metadata: convMetadata(v),
    // Arena's extra fields (FastChat ignores keys it does not know): the structured reasons per response.
    flags_a: v.flagsA,
    flags_b: v.flagsB,
  };
}

export function toVoteRecord(v: ExportedVote) {
  return {
    id: v.id,
    tstamp: v.createdAt.toISOString(),
    judge: anonymousJudgeId(v.annotatorId),
    prompt_set: v.promptSet,
    prompt_id: v.promptExternalId,
    language: v.language,
    category: v.category,
    tags: v.tags,
    model_a: v.modelA,
    model_b: v.modelB,
    winner: v.winner,
    reason: v.reason,
    time_taken_ms: v.timeTakenMs,
    flagged_fast: v.flaggedFast,
    flags_a: v.flagsA,
    flags_b: v.flagsB,
  };
}

// The votes CSV: the JSONL record's fields, lists joined with ";".
export const voteCsvColumns = ["id", "tstamp", "judge", "prompt_set", "prompt_id", "language", "category", "tags", "model_a", "model_b", "winner", "reason", "time_taken_ms", "flagged_fast", "flags_a", "flags_b"] as const;
export function voteCsvRow(v: ExportedVote): unknown[] {
  const record = toVoteRecord(v);
  return voteCsvColumns.map((column) => {
    const value = record[column];
    return Array.isArray(value) ? value.join(";") : value;
  });
}

// Reads the first item before anything is sent, so a failure there (a refused filter, the database down)
// still answers with an error status rather than 200 and a body cut after its first bytes ("[").
export async function startStream<T>(items: AsyncIterable<T>): Promise<AsyncGenerator<T>> {
  const iterator = items[Symbol.asyncIterator]();
  const first = await iterator.next();
  return (async function* () {
    try {
      if (first.done) return;
      yield first.value;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      await iterator.return?.();
    }
  })();
}

// A streamed HTTP body from an async generator of text chunks. A failure after the first bytes errors
// the stream: Next then destroys the connection, so the client sees a broken transfer (no final chunk),
// never a short body that looks complete.
export function textStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
