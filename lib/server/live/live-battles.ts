// Live battles, as Chatbot Arena runs them: the annotator writes a prompt, two models of the live campaign
// (chosen with the scheduler's pair weights among its models that have an endpoint) answer it at once,
// streamed side by side and anonymously; follow-up turns go to the same two models, each keeping its own
// conversation, up to the campaign's turn limit. The vote (POST /api/votes, record-vote.ts) is accepted only
// once every answer of the last turn is complete; a side that fails (error, timeout, dropped stream) voids
// the battle. Prompts become the campaign's live prompt set ("Live: <campaign>", category "live").
// Hand-written SQL on the pool (lib/server/sql.ts): starting a battle is on the time-to-first-token path.
import "server-only";
import { randomInt, randomUUID } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import type { CurrentUser } from "@/lib/server/auth/session";
import { battleLifetimeMs } from "@/lib/server/battles/issue-battle";
import { scopePairWeights, type SchedulerScope } from "@/lib/server/battles/scheduler-state";
import { AppError } from "@/lib/server/errors";
import { contentHash } from "@/lib/server/import/content-hash";
import { sql } from "@/lib/server/sql";
import { pairMembers, sampleCumulative, type UniformSource } from "@/lib/scheduler";
import type { z } from "zod";
import type { liveStartSchema } from "@/lib/validation/live";

export type LiveCampaign = { id: string; name: string; turnLimit: number; targetVotes: number; createdAt: string; modelIds: string[] };

const cryptoUniform: UniformSource = { nextDouble: () => randomInt(2 ** 47) / 2 ** 47 };

export const liveSetName = (campaignName: string) => `Live: ${campaignName}`;
export const liveCategory = "live";

/** The first switched-on live campaign, with its visible models that have an endpoint (sorted); null if none. */
export async function activeLiveCampaign(): Promise<LiveCampaign | null> {
  const [row] = await sql<{ id: string; name: string; turn_limit: number; target_votes: number; created_at: string; model_ids: string[] }>(Prisma.sql`
    SELECT c.id::text, c.name, c.live_turn_limit AS turn_limit, c.target_votes,
           to_char(c.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
           (SELECT coalesce(array_agg(cm.model_id::text ORDER BY cm.model_id), '{}')
              FROM campaign_models cm JOIN models m ON m.id = cm.model_id JOIN model_endpoints e ON e.model_id = m.id
             WHERE cm.campaign_id = c.id AND NOT m.hidden AND NOT m.retired) AS model_ids
    FROM campaigns c WHERE c.active AND c.live ORDER BY c.created_at, c.id LIMIT 1`);
  if (!row) return null;
  return { id: row.id, name: row.name, turnLimit: row.turn_limit, targetVotes: row.target_votes, createdAt: row.created_at, modelIds: row.model_ids };
}

const unavailable = () => new AppError(409, "live_unavailable", "No live campaign with two models that can answer is switched on.");

/**
 * Two models for a live battle: a pair drawn with the scheduler's pair weights (Bradley–Terry standings of
 * every vote: uncertain, close and under-voted pairs first) over the campaign's models with an endpoint.
 */
export async function chooseLivePair(campaign: LiveCampaign, rng: UniformSource = cryptoUniform): Promise<[string, string]> {
  const modelIds = campaign.modelIds;
  if (modelIds.length < 2) throw unavailable();
  const scope: SchedulerScope = {
    campaigns: [{ id: campaign.id, goldRate: 0, overlapRate: 0, targetVotes: campaign.targetVotes, createdAt: campaign.createdAt, setIds: [], modelIds }],
    modelIds,
    key: JSON.stringify({ live: campaign.id, modelIds }),
  };
  const weights = await scopePairWeights(scope);
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  for (let k = 0; k < weights.length; k++) cumulative[k] = total += Math.max(0, weights[k] ?? 0);
  const n = modelIds.length;
  const pair = total > 0 ? sampleCumulative(cumulative, rng.nextDouble()) : Math.floor(rng.nextDouble() * ((n * (n - 1)) / 2));
  const { i, j } = pairMembers(n, pair);
  return [modelIds[i]!, modelIds[j]!];
}

/** Annotators write (and judge) only in their own languages. */
export function assertLiveLanguage(user: CurrentUser, language: "ar" | "en") {
  if (!user.languages.includes(language)) {
    throw new AppError(422, "language_not_allowed", "Write in a language you judge (your languages are set by an admin).");
  }
}

export type StartedTurn = { battleId: string; turn: number; turnLimit: number; language: "ar" | "en" };

/** What the first turn's stream needs, ready before anything is written (live_turns rows as stream-turn.ts reads them). */
export type FirstTurn = {
  started: StartedTurn;
  modelIds: { a: string; b: string };
  // The prompt, battle and turn rows being written: the streams start meanwhile and wait for it before storing.
  stored: Promise<void>;
};

/**
 * Opens a live battle and its first turn (both sides "streaming"); the caller streams it (stream-turn.ts).
 * The rows are written while the two requests to the endpoints start (`stored`), so the database write is not
 * on the time-to-first-token path.
 */
export async function startLiveBattle(user: CurrentUser, input: z.output<typeof liveStartSchema>, options: { random?: UniformSource } = {}): Promise<FirstTurn> {
  assertLiveLanguage(user, input.language);
  const campaign = await activeLiveCampaign();
  if (!campaign || campaign.modelIds.length < 2) throw unavailable();
  const [first, second] = await chooseLivePair(campaign, options.random);
  // Left and right: a fresh crypto coin.
  const [a, b] = randomInt(2) === 0 ? [first, second] : [second, first];
  const [low, high] = first < second ? [first, second] : [second, first];
  const battleId = randomUUID();
  const now = new Date();
  // One statement: the campaign's live prompt set (created on first use), the prompt, the battle and its first turn.
  const stored = sql(Prisma.sql`
    WITH s AS (
      INSERT INTO prompt_sets (id, name) VALUES (${randomUUID()}::uuid, ${liveSetName(campaign.name)})
      ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id),
    cps AS (
      INSERT INTO campaign_prompt_sets (campaign_id, prompt_set_id) SELECT ${campaign.id}::uuid, s.id FROM s ON CONFLICT DO NOTHING),
    p AS (
      INSERT INTO prompts (id, prompt_set_id, external_id, language, category, tags, text, content_hash)
      SELECT ${randomUUID()}::uuid, s.id, ${battleId}, ${input.language}::"Language", ${liveCategory}, '{}', ${input.prompt},
             ${contentHash(input.language, liveCategory, "", input.prompt)}
      FROM s RETURNING id),
    b AS (
      INSERT INTO battles (id, annotator_id, prompt_id, model_a_id, model_b_id, pair_low_id, pair_high_id, issued_at, expires_at,
                           campaign_id, live, live_status)
      SELECT ${battleId}::uuid, ${user.id}::uuid, p.id, ${a}::uuid, ${b}::uuid, ${low}::uuid, ${high}::uuid,
             ${now.toISOString()}::timestamp, ${new Date(now.getTime() + battleLifetimeMs).toISOString()}::timestamp,
             ${campaign.id}::uuid, true, 'open'
      FROM p RETURNING id)
    INSERT INTO live_turns (id, battle_id, turn, side, model_id, user_text)
    SELECT gen_random_uuid(), b.id, 1, x.side, x.model_id, ${input.prompt}
    FROM b, (VALUES ('a', ${a}::uuid), ('b', ${b}::uuid)) AS x(side, model_id)`).then(() => undefined);
  // Awaited by the stream; a failure is reported there.
  stored.catch(() => undefined);
  return { started: { battleId, turn: 1, turnLimit: campaign.turnLimit, language: input.language }, modelIds: { a, b }, stored };
}

type BattleState = {
  annotator_id: string;
  live: boolean;
  void: boolean;
  skipped: boolean;
  expired: boolean;
  voted: boolean;
  turn_limit: number;
  language: "ar" | "en";
  last_turn: number;
  last_complete: boolean;
  model_a_id: string;
  model_b_id: string;
};

async function battleState(battleId: string): Promise<BattleState | undefined> {
  const [row] = await sql<BattleState>(Prisma.sql`
    SELECT b.annotator_id::text, b.live, coalesce(b.live_status = 'void', false) AS void, b.skipped_at IS NOT NULL AS skipped,
           b.expires_at < (now() AT TIME ZONE 'UTC') AS expired, EXISTS (SELECT 1 FROM votes v WHERE v.battle_id = b.id) AS voted,
           coalesce(c.live_turn_limit, 1) AS turn_limit, p.language::text AS language,
           coalesce((SELECT max(t.turn) FROM live_turns t WHERE t.battle_id = b.id), 0) AS last_turn,
           NOT EXISTS (SELECT 1 FROM live_turns t WHERE t.battle_id = b.id AND t.status NOT IN ('done', 'stopped')) AS last_complete,
           b.model_a_id::text, b.model_b_id::text
    FROM battles b JOIN prompts p ON p.id = b.prompt_id LEFT JOIN campaigns c ON c.id = b.campaign_id
    WHERE b.id = ${battleId}::uuid`);
  return row;
}

const notIssued = () => new AppError(404, "battle_not_found", "No such live battle was issued to you.");

/** The annotator's own live battle, or 404 (someone else's battle is not told apart from a missing one). */
export async function ownLiveBattle(user: CurrentUser, battleId: string): Promise<BattleState> {
  const state = await battleState(battleId);
  if (!state || !state.live || state.annotator_id !== user.id) throw notIssued();
  return state;
}

/** Adds a follow-up turn to the same two models; the caller streams it. */
export async function addLiveTurn(user: CurrentUser, battleId: string, prompt: string): Promise<StartedTurn> {
  const state = await ownLiveBattle(user, battleId);
  if (state.void) throw new AppError(409, "battle_void", "A model failed to answer in this battle; start a new one.");
  if (state.voted) throw new AppError(409, "already_voted", "This battle is already voted on; start a new one.");
  if (state.skipped) throw new AppError(409, "battle_skipped", "You skipped this battle.");
  if (state.expired) throw new AppError(410, "battle_expired", "This battle has expired. Start a new one.");
  if (!state.last_complete) throw new AppError(409, "answers_incomplete", "Wait until both answers are complete.");
  if (state.last_turn >= state.turn_limit) throw new AppError(409, "turn_limit", `This battle has reached its limit of ${state.turn_limit} turns: vote now.`);
  const turn = state.last_turn + 1;
  // Two requests racing for the same turn: the unique (battle, turn, side) lets one through.
  const inserted = await sql<{ id: string }>(Prisma.sql`
    INSERT INTO live_turns (id, battle_id, turn, side, model_id, user_text)
    SELECT gen_random_uuid(), ${battleId}::uuid, ${turn}, x.side, x.model_id, ${prompt}
    FROM (VALUES ('a', ${state.model_a_id}::uuid), ('b', ${state.model_b_id}::uuid)) AS x(side, model_id)
    ON CONFLICT (battle_id, turn, side) DO NOTHING RETURNING id::text`);
  if (inserted.length < 2) throw new AppError(409, "answers_incomplete", "Another turn of this battle is already running.");
  return { battleId, turn, turnLimit: state.turn_limit, language: state.language };
}

/** Per model: live answers requested and how many failed (the model's live error rate). */
export async function liveErrorRates(): Promise<Map<string, { answers: number; failed: number }>> {
  const rows = await sql<{ model_id: string; answers: number; failed: number }>(Prisma.sql`
    SELECT model_id::text, count(*)::int AS answers, (count(*) FILTER (WHERE status = 'failed'))::int AS failed
    FROM live_turns WHERE status <> 'streaming' GROUP BY model_id`);
  return new Map(rows.map((r) => [r.model_id, { answers: r.answers, failed: r.failed }]));
}
