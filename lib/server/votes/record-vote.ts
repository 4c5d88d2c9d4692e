import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/server/errors";
import { sql } from "@/lib/server/sql";
import { isFastVote } from "@/lib/scheduler/reading-time";
import { readReasonFlags, type VoteFlags } from "@/lib/validation/reason-flags";
import { voteSchema, type VoteInput, type WinnerChoice } from "@/lib/validation/vote";

export type VoteReceipt = {
  battleId: string;
  winner: WinnerChoice;
  modelA: string;
  modelB: string;
  // True when this request repeated a vote that was already recorded.
  replayed: boolean;
};

const skippedError = () => new AppError(409, "battle_skipped", "You skipped this battle; it can no longer be voted on.");
const notIssued = () => new AppError(404, "battle_not_found", "No such battle was issued to you.");

async function receiptFor(battleId: string, replayed: boolean): Promise<VoteReceipt> {
  const battle = await db.battle.findUniqueOrThrow({
    where: { id: battleId },
    select: { modelA: { select: { displayName: true } }, modelB: { select: { displayName: true } }, vote: { select: { winner: true } } },
  });
  return { battleId, winner: battle.vote!.winner, modelA: battle.modelA.displayName, modelB: battle.modelB.displayName, replayed };
}

type BattleForVote = {
  id: string;
  annotator_id: string;
  prompt_id: string;
  model_a_id: string;
  model_b_id: string;
  language: "ar" | "en";
  issued_ms: number;
  expires_ms: number;
  skipped: boolean;
  campaign_id: string | null;
  is_gold: boolean;
  recorded_winner: WinnerChoice | null;
  model_a_name: string;
  model_b_name: string;
  chars_a: number;
  chars_b: number;
  // The battle's campaign's reason flags (null outside a campaign: the defaults apply).
  reason_flags: unknown;
};

// Every flag must be one the battle's campaign offers; an unknown one refuses the whole vote (nothing is
// written), naming the unknown keys and the ones allowed.
function checkFlags(flags: VoteFlags | undefined, stored: unknown): VoteFlags {
  if (!flags) return { a: [], b: [] };
  const allowed = readReasonFlags(stored ?? undefined).map((f) => f.key);
  const unknown = [...new Set([...flags.a, ...flags.b].filter((key) => !allowed.includes(key)))];
  if (unknown.length > 0) {
    throw new AppError(422, "unknown_flag", `Unknown reason flag for this battle: ${unknown.join(", ")}. Its campaign offers: ${allowed.join(", ") || "none"}.`, {
      unknown,
      allowed,
    });
  }
  return flags;
}

// Accepts a vote only for a battle the server issued to this annotator, unexpired and unskipped,
// exactly once. A repeat of the same vote answers with the same receipt; the row is committed
// before this returns, so an acknowledged vote is never lost. Two queries on the hot path: one read
// (battle, vote, model names, answer lengths), one insert.
export async function recordVote(annotatorId: string, raw: VoteInput): Promise<VoteReceipt> {
  const input = voteSchema.parse(raw);
  const [battle] = await sql<BattleForVote>(Prisma.sql`
    SELECT b.id::text, b.annotator_id::text, b.prompt_id::text, b.model_a_id::text, b.model_b_id::text,
           p.language::text AS language, ${epochMs("b.issued_at")} AS issued_ms, ${epochMs("b.expires_at")} AS expires_ms,
           b.skipped_at IS NOT NULL AS skipped,
           b.campaign_id::text, b.is_gold, v.winner::text AS recorded_winner,
           ma.display_name AS model_a_name, mb.display_name AS model_b_name,
           coalesce(char_length(ra.text), 0)::int AS chars_a, coalesce(char_length(rb.text), 0)::int AS chars_b,
           c.reason_flags
    FROM battles b
    JOIN prompts p ON p.id = b.prompt_id
    JOIN models ma ON ma.id = b.model_a_id
    JOIN models mb ON mb.id = b.model_b_id
    LEFT JOIN votes v ON v.battle_id = b.id
    LEFT JOIN responses ra ON ra.prompt_id = b.prompt_id AND ra.model_id = b.model_a_id
    LEFT JOIN responses rb ON rb.prompt_id = b.prompt_id AND rb.model_id = b.model_b_id
    LEFT JOIN campaigns c ON c.id = b.campaign_id
    WHERE b.id = ${input.battleId}::uuid`);
  if (!battle || battle.annotator_id !== annotatorId) throw notIssued();
  const flags = checkFlags(input.flags, battle.reason_flags);
  if (battle.recorded_winner) return repeatOf(battle.id, battle.recorded_winner, input.winner);
  if (battle.skipped) throw skippedError();
  if (battle.expires_ms < Date.now()) throw new AppError(410, "battle_expired", "This battle has expired. Load a new one.");

  // The server's clock bounds the reading time from above (it includes network and rendering); the
  // client's own measure, when given and shorter, is the time the battle was actually on screen. That
  // bounded time is what is stored: a client claiming 20 s for a vote cast 87 ms after issue is not believed.
  const serverElapsedMs = Math.max(0, Math.round(Date.now() - battle.issued_ms));
  const readingMs = Math.min(serverElapsedMs, input.timeTakenMs ?? Infinity);
  // Columns copied from the battle (prompt, models, language, gold, campaign) let ratings, quality
  // measures and campaign filters read votes without joins.
  // The battle row is locked (FOR NO KEY UPDATE) and re-checked as unskipped in the same statement, so a
  // concurrent skip (skip-battle.ts, which takes the same lock) and this vote cannot both succeed.
  const inserted = await sql<{ battle_id: string }>(Prisma.sql`
    WITH unskipped AS (
      SELECT id FROM battles WHERE id = ${battle.id}::uuid AND skipped_at IS NULL FOR NO KEY UPDATE)
    INSERT INTO votes (id, battle_id, annotator_id, prompt_id, model_a_id, model_b_id, language, winner, reason,
                       time_taken_ms, flagged_fast, is_gold, campaign_id, flags_a, flags_b, created_at)
    SELECT gen_random_uuid(), unskipped.id, ${annotatorId}::uuid, ${battle.prompt_id}::uuid, ${battle.model_a_id}::uuid,
            ${battle.model_b_id}::uuid, ${battle.language}::"Language", ${input.winner}::"Winner", ${input.reason ?? null},
            ${readingMs}, ${isFastVote(readingMs, battle.chars_a, battle.chars_b)}, ${battle.is_gold},
            ${battle.campaign_id}::uuid, ${flags.a}::text[], ${flags.b}::text[], now() AT TIME ZONE 'UTC'
    FROM unskipped
    ON CONFLICT (battle_id) DO NOTHING
    RETURNING battle_id::text`);
  if (inserted.length === 0) {
    // A concurrent duplicate (double click) won the race on the unique battle_id, or a concurrent skip won the lock.
    const existing = await db.vote.findUnique({ where: { battleId: battle.id }, select: { winner: true } });
    if (!existing) throw skippedError();
    return repeatOf(battle.id, existing.winner, input.winner);
  }
  return { battleId: battle.id, winner: input.winner, modelA: battle.model_a_name, modelB: battle.model_b_name, replayed: false };
}

// Milliseconds since the epoch of a stored (UTC) timestamp, whatever the connection's time zone.
const epochMs = (column: string) => Prisma.raw(`(extract(epoch FROM ${column}) * 1000)::float8`);

async function repeatOf(battleId: string, recorded: WinnerChoice, requested: WinnerChoice): Promise<VoteReceipt> {
  if (recorded !== requested) {
    throw new AppError(409, "already_voted", "This battle already has a different vote; votes cannot be changed.");
  }
  return receiptFor(battleId, true);
}
