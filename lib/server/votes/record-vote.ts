import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { assertAllowed, isSessionClaimWellFormed, sessionUser, sessionUserQuery, type CurrentUser, type SessionUserRow } from "@/lib/server/auth/session";
import type { SessionClaim } from "@/lib/server/auth/session-cookie";
import type { BattleView } from "@/lib/server/battles/battle-view";
import { annotatorLockPrelude, issuePlanned, planIssue } from "@/lib/server/battles/issue-battle";
import { limitResults, rateLimitHitsCte, throwIfLimited, type Limit, type RateLimitHitRow } from "@/lib/server/security/rate-limit";
import { scopeColumns, scopeFrom, type ScopeColumns } from "@/lib/server/battles/scheduler-state";
import { AppError, unauthorized } from "@/lib/server/errors";
import { sql, sqlTransaction, type Runner } from "@/lib/server/sql";
import type { UniformSource } from "@/lib/scheduler";
import { isFastVote } from "@/lib/scheduler/reading-time";
import { readReasonFlags, type VoteFlags } from "@/lib/validation/reason-flags";
import { voteSchema, type VoteInput, type WinnerChoice } from "@/lib/validation/vote";
import type { Role } from "@/lib/validation/auth";

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
  recorded_flags_a: string[] | null;
  recorded_flags_b: string[] | null;
  model_a_name: string;
  model_b_name: string;
  chars_a: number;
  chars_b: number;
  // The battle's campaign's reason flags (null outside a campaign: the defaults apply).
  reason_flags: unknown;
  // Live battles (lib/server/live): void when a side failed; ready once every answer of the last turn is complete.
  live: boolean;
  live_void: boolean;
  live_ready: boolean;
  identity_leak: boolean;
};

// The caller of a vote request, checked in the vote's first statement (POST /api/votes): a session cookie's
// claim (decrypted, not yet checked against the database) and the roles allowed.
export type SessionCheck = { claim: SessionClaim; allowed: readonly Role[] };

// The battle, its vote if any, model names and answer lengths: everything a vote is checked against, in
// one statement, which also counts the request's rate-limit hits (throws 429 when one is over) and, with
// `extra`, reads more columns (the scheduler's scope, for a vote that also asks for the next battle). One
// row always comes back (the limits' rows ride on it); its battle columns are null when there is no such battle.
// With `session`, the same statement reads the session's user, as userForSession() does (one round trip
// fewer per vote), and throws 401 when the session has ended and 403 for a role not allowed, before the
// rate limits and the battle are looked at; an ended session's request counts no rate-limit hit.
async function readBattleForVote<Extra extends object = object>(battleId: string, limits: readonly Limit[], extra: Prisma.Sql = Prisma.empty, session?: SessionCheck) {
  if (session && !isSessionClaimWellFormed(session.claim)) throw unauthorized();
  // The session's user, read once (`caller`): returned, and its liveness (session.ts decides it) and role checked
  // in SQL so that an ended session, or a role not allowed, counts no rate-limit hit.
  const caller = session ? Prisma.sql`caller AS (${sessionUserQuery(session.claim)})` : null;
  const callerLive = session ? Prisma.sql`EXISTS (SELECT 1 FROM caller WHERE caller.live AND caller.role = ANY(${[...session.allowed]}::text[]))` : undefined;
  const hits = rateLimitHitsCte(limits, { onlyWhen: callerLive });
  const ctes = [caller, hits].filter((cte): cte is Prisma.Sql => cte !== null);
  const [row] = await sql<(BattleForVote & Extra) | ({ [K in keyof BattleForVote]: null } & { rate_limit_hits?: RateLimitHitRow[] })>(Prisma.sql`
    ${ctes.length > 0 ? Prisma.sql`WITH ${Prisma.join(ctes, ", ")}` : Prisma.empty}
    SELECT battle.* ${hits ? Prisma.sql`, (SELECT coalesce(json_agg(h), '[]'::json) FROM rate_limit_hits h) AS rate_limit_hits` : Prisma.empty}
      ${caller ? Prisma.sql`, (SELECT row_to_json(caller) FROM caller) AS session_user` : Prisma.empty}
    FROM (SELECT 1) AS one LEFT JOIN LATERAL (
      SELECT b.id::text, b.annotator_id::text, b.prompt_id::text, b.model_a_id::text, b.model_b_id::text,
             p.language::text AS language, ${epochMs("b.issued_at")} AS issued_ms, ${epochMs("b.expires_at")} AS expires_ms,
             b.skipped_at IS NOT NULL AS skipped,
             b.campaign_id::text, b.is_gold, v.winner::text AS recorded_winner, v.flags_a AS recorded_flags_a, v.flags_b AS recorded_flags_b,
             ma.display_name AS model_a_name, mb.display_name AS model_b_name,
             coalesce(char_length(ra.text), (SELECT sum(char_length(t.text)) FROM live_turns t WHERE t.battle_id = b.id AND t.side = 'a'), 0)::int AS chars_a,
             coalesce(char_length(rb.text), (SELECT sum(char_length(t.text)) FROM live_turns t WHERE t.battle_id = b.id AND t.side = 'b'), 0)::int AS chars_b,
             c.reason_flags, b.live, coalesce(b.live_status = 'void', false) AS live_void, b.identity_leak,
             (NOT b.live OR (EXISTS (SELECT 1 FROM live_turns t WHERE t.battle_id = b.id)
                             AND NOT EXISTS (SELECT 1 FROM live_turns t WHERE t.battle_id = b.id AND t.status NOT IN ('done', 'stopped')))) AS live_ready
             ${extra}
      FROM battles b
      JOIN prompts p ON p.id = b.prompt_id
      JOIN models ma ON ma.id = b.model_a_id
      JOIN models mb ON mb.id = b.model_b_id
      LEFT JOIN votes v ON v.battle_id = b.id
      LEFT JOIN responses ra ON ra.prompt_id = b.prompt_id AND ra.model_id = b.model_a_id
      LEFT JOIN responses rb ON rb.prompt_id = b.prompt_id AND rb.model_id = b.model_b_id
      LEFT JOIN campaigns c ON c.id = b.campaign_id
      WHERE b.id = ${battleId}::uuid) AS battle ON true`);
  let user: CurrentUser | undefined;
  if (session) {
    const sessionRow = sessionUser((row as { session_user?: SessionUserRow | null }).session_user ?? undefined);
    assertAllowed(sessionRow, session.allowed);
    user = sessionRow;
  }
  if (hits) throwIfLimited(limitResults(limits, (row as { rate_limit_hits: RateLimitHitRow[] }).rate_limit_hits));
  return { battle: row?.id ? (row as BattleForVote & Extra) : undefined, user };
}

const receiptOf = (battle: BattleForVote, winner: WinnerChoice, replayed: boolean): VoteReceipt => ({
  battleId: battle.id,
  winner,
  modelA: battle.model_a_name,
  modelB: battle.model_b_name,
  replayed,
});

// Every flag must be one the battle's campaign offers; an unknown one refuses the whole vote (nothing is
// written), naming the unknown keys and the ones allowed.
function checkFlags(given: Partial<VoteFlags> | undefined, stored: unknown): VoteFlags {
  const flags = { a: given?.a ?? [], b: given?.b ?? [] };
  if (flags.a.length + flags.b.length === 0) return flags;
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

// The checks that need no lock. Returns the receipt when the same vote is already recorded (a replay),
// null when the vote is to be inserted; throws when it may not be.
function checkVotable(annotatorId: string, battle: BattleForVote | undefined, input: VoteInput & { winner: WinnerChoice }): VoteReceipt | null {
  if (!battle || battle.annotator_id !== annotatorId) throw notIssued();
  checkFlags(input.flags, battle.reason_flags);
  if (battle.recorded_winner) {
    return repeatOf(battle, { winner: battle.recorded_winner, a: battle.recorded_flags_a ?? [], b: battle.recorded_flags_b ?? [] }, input);
  }
  if (battle.skipped) throw skippedError();
  if (battle.live && battle.live_void) throw new AppError(409, "battle_void", "A model failed to answer in this battle, so it cannot be voted on.");
  if (battle.live && !battle.live_ready) throw new AppError(409, "answers_incomplete", "Wait until both answers are complete before voting.");
  if (battle.expires_ms < Date.now()) throw new AppError(410, "battle_expired", "This battle has expired. Load a new one.");
  return null;
}

// Accepts a vote only for a battle the server issued to this annotator, unexpired and unskipped,
// exactly once. A repeat of the same vote answers with the same receipt; the row is committed
// before this returns, so an acknowledged vote is never lost. Two statements: one read (the rate-limit
// hits, battle, vote, model names, answer lengths), one insert.
export async function recordVote(annotatorId: string, raw: VoteInput, options: { limits?: readonly Limit[] } = {}): Promise<VoteReceipt> {
  const input = voteSchema.parse(raw);
  const { battle } = await readBattleForVote(input.battleId, options.limits ?? []);
  return insertVote(annotatorId, battle, input);
}

async function insertVote(annotatorId: string, battle: BattleForVote | undefined, input: VoteInput & { winner: WinnerChoice }): Promise<VoteReceipt> {
  const replayed = checkVotable(annotatorId, battle, input);
  if (replayed) return replayed;
  const [inserted] = await sql<{ battle_id: string }>(Prisma.sql`WITH ${voteInsertCtes(annotatorId, battle!, input)} SELECT battle_id::text FROM new_vote`);
  return inserted ? receiptOf(battle!, input.winner, false) : concurrentOutcome(sql, battle!, input);
}

export type VoteWithNext = { vote: VoteReceipt; next: { battle: BattleView | null } };

/**
 * A vote and the annotator's next battle in one request (the browser's vote loop; POST /api/votes with
 * `next: true`). Four round trips: the read above (which also counts the rate-limit hits and brings the
 * scheduler's scope), then one transaction holding the annotator's issue lock (issue-battle.ts) whose one
 * statement inserts the vote and issues the next battle, committed together: one commit per vote, and the
 * answer (receipt and next battle) is only sent once both are committed, so an acknowledged vote is never
 * lost; if issuing fails the vote is not acknowledged either and the client repeats it.
 *
 * A replay (the same vote again: a retry after a lost answer, a double click) answers the same receipt and
 * resumes the annotator's open battle, which is the next battle the first request issued while it is
 * unanswered: issuing never opens a second battle while one is open. The per-annotator lock serialises a
 * double click, so the second request finds the first one's vote and battle committed.
 */
export async function recordVoteAndIssueNext(
  user: CurrentUser,
  raw: VoteInput,
  options: { random?: UniformSource; limits?: readonly Limit[] } = {},
): Promise<VoteWithNext> {
  const input = voteSchema.parse(raw);
  const { battle } = await readBattleForVote<ScopeColumns>(input.battleId, options.limits ?? [], Prisma.sql`, ${scopeColumns}`);
  return insertVoteAndIssueNext(user, battle, input, options.random);
}

/**
 * POST /api/votes: recordVote or (with `next`) recordVoteAndIssueNext for the caller of a session cookie,
 * whose user (role, disabled state, revocation) is read by the vote's first statement instead of a
 * statement of its own: four round trips per vote with its next battle, session included. Throws 401 for
 * an ended session and 403 for a role not in `session.allowed`, before anything is counted or written.
 */
export async function recordSessionVote(
  session: SessionCheck,
  raw: VoteInput,
  options: { next?: boolean; random?: UniformSource; limits?: readonly Limit[] } = {},
): Promise<{ vote: VoteReceipt } | VoteWithNext> {
  const input = voteSchema.parse(raw);
  if (!options.next) {
    const { battle, user } = await readBattleForVote(input.battleId, options.limits ?? [], Prisma.empty, session);
    return { vote: await insertVote(user!.id, battle, input) };
  }
  const { battle, user } = await readBattleForVote<ScopeColumns>(input.battleId, options.limits ?? [], Prisma.sql`, ${scopeColumns}`, session);
  return insertVoteAndIssueNext(user!, battle, input, options.random);
}

async function insertVoteAndIssueNext(
  user: CurrentUser,
  battle: (BattleForVote & ScopeColumns) | undefined,
  input: VoteInput & { winner: WinnerChoice },
  random?: UniformSource,
): Promise<VoteWithNext> {
  const replayed = checkVotable(user.id, battle, input);
  const planned = await planIssue(user, { random, scope: scopeFrom(battle) });
  return sqlTransaction(
    async (run) => {
      if (replayed) return { vote: replayed, next: { battle: planned ? (await issuePlanned(run, planned)).battle : null } };
      const ctes = voteInsertCtes(user.id, battle!, input);
      if (!planned) {
        const [inserted] = await run<{ battle_id: string }>(Prisma.sql`WITH ${ctes} SELECT battle_id::text FROM new_vote`);
        return { vote: inserted ? receiptOf(battle!, input.winner, false) : await concurrentOutcome(run, battle!, input), next: { battle: null } };
      }
      const issued = await issuePlanned(run, planned, { ctes, battleId: battle!.id });
      // Not inserted: a concurrent skip won the battle's lock (this throws, rolling back the battle just
      // issued), or the same vote committed first (a replay, resuming the battle that vote issued).
      const vote = issued.voteInserted ? receiptOf(battle!, input.winner, false) : await concurrentOutcome(run, battle!, input);
      return { vote, next: { battle: issued.battle } };
    },
    { prelude: annotatorLockPrelude(user.id) },
  );
}

// The vote's insert as common table expressions ending in `new_vote` (the battle id of the inserted row;
// none when the battle was skipped meanwhile or already has a vote), to run alone or ahead of the next
// battle's issue in the same statement.
function voteInsertCtes(annotatorId: string, battle: BattleForVote, input: VoteInput & { winner: WinnerChoice; reason?: string }): Prisma.Sql {
  // The server's clock bounds the reading time from above (it includes network and rendering); the
  // client's own measure, when given and shorter, is the time the battle was actually on screen. That
  // bounded time is what is stored: a client claiming 20 s for a vote cast 87 ms after issue is not believed.
  const serverElapsedMs = Math.max(0, Math.round(Date.now() - battle.issued_ms));
  const readingMs = Math.min(serverElapsedMs, input.timeTakenMs ?? Infinity);
  const flags = checkFlags(input.flags, battle.reason_flags);
  // Columns copied from the battle (prompt, models, language, gold, campaign) let ratings, quality
  // measures and campaign filters read votes without joins.
  // The battle row is locked (FOR NO KEY UPDATE) and re-checked as unskipped in the same statement, so a
  // concurrent skip (skip-battle.ts, which takes the same lock) and this vote cannot both succeed.
  return Prisma.sql`
    vote_battle AS (
      SELECT id FROM battles WHERE id = ${battle.id}::uuid AND skipped_at IS NULL FOR NO KEY UPDATE),
    new_vote AS (
      INSERT INTO votes (id, battle_id, annotator_id, prompt_id, model_a_id, model_b_id, language, winner, reason,
                         time_taken_ms, flagged_fast, is_gold, campaign_id, flags_a, flags_b, identity_leak, created_at)
      SELECT gen_random_uuid(), vote_battle.id, ${annotatorId}::uuid, ${battle.prompt_id}::uuid, ${battle.model_a_id}::uuid,
              ${battle.model_b_id}::uuid, ${battle.language}::"Language", ${input.winner}::"Winner", ${input.reason ?? null},
              ${readingMs}, ${isFastVote(readingMs, battle.chars_a, battle.chars_b)}, ${battle.is_gold},
              ${battle.campaign_id}::uuid, ${flags.a}::text[], ${flags.b}::text[], ${battle.identity_leak}, now() AT TIME ZONE 'UTC'
      FROM vote_battle
      ON CONFLICT (battle_id) DO NOTHING
      RETURNING battle_id)`;
}

// A vote that was not inserted: a concurrent duplicate (double click) won the race on the unique battle_id,
// or a concurrent skip won the lock.
async function concurrentOutcome(run: Runner, battle: BattleForVote, input: VoteInput & { winner: WinnerChoice }): Promise<VoteReceipt> {
  const [existing] = await run<{ winner: WinnerChoice; a: string[]; b: string[] }>(
    Prisma.sql`SELECT winner::text AS winner, flags_a AS a, flags_b AS b FROM votes WHERE battle_id = ${battle.id}::uuid`,
  );
  if (!existing) throw skippedError();
  return repeatOf(battle, existing, input);
}

// Milliseconds since the epoch of a stored (UTC) timestamp, whatever the connection's time zone.
const epochMs = (column: string) => Prisma.raw(`(extract(epoch FROM ${column}) * 1000)::float8`);

// A vote sent again: the same winner and the same reason flags (in any order) is a replay and answers the
// recorded receipt; anything else would change a recorded vote, which is refused rather than answered
// "replayed" while the new flags are dropped.
function repeatOf(battle: BattleForVote, recorded: { winner: WinnerChoice; a: string[]; b: string[] }, requested: VoteInput & { winner: WinnerChoice }): VoteReceipt {
  const sameFlags = (stored: string[], sent: string[] | undefined) => {
    const given = new Set(sent ?? []);
    return given.size === new Set(stored).size && stored.every((f) => given.has(f));
  };
  if (recorded.winner !== requested.winner || !sameFlags(recorded.a, requested.flags?.a) || !sameFlags(recorded.b, requested.flags?.b)) {
    throw new AppError(409, "already_voted", "This battle already has a different vote; votes cannot be changed.");
  }
  return receiptOf(battle, recorded.winner, true);
}
