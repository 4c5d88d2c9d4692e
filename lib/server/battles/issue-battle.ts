import "server-only";
import { randomInt } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import type { CurrentUser } from "@/lib/server/auth/session";
import { sqlLiteral, sqlTransaction, type Runner } from "@/lib/server/sql";
import { pairIndex } from "@/lib/ratings";
import { chooseBattles, chooseUniformly, dissimilarityWeightFromEnv, drawIssueKind, promptPreference, promptWeightOf, type Choice, type IssueKind, type UniformSource } from "@/lib/scheduler";
import { readReasonFlags } from "@/lib/validation/reason-flags";
import type { BattleView } from "./battle-view";
import { forgetSeenPrompts, markCatalogueStale, noteIssuedPrompt, readScope, schedulerPlan, seenPrompts, type Plan, type SchedulerScope } from "./scheduler-state";

// An unanswered battle stays valid this long; after that a vote for it is refused.
export const battleLifetimeMs = 2 * 60 * 60 * 1000;

// Candidates sampled per request; the first one that passes the live checks is issued.
const candidatesPerRequest = 24;

/** Unpredictable by default; tests inject a seeded generator (lib/ratings createRandom). */
const cryptoUniform: UniformSource = { nextDouble: () => randomInt(2 ** 47) / 2 ** 47 };

export type Candidate = { promptId: string; lowId: string; highId: string };

// issued_at and expires_at as ISO strings (UTC), formatted by Postgres.
type ViewRow = {
  id: string; prompt_id: string; prompt_text: string; language: "ar" | "en"; category: string; response_a: string | null; response_b: string | null; issued_at: string; expires_at: string;
  campaign_id: string | null; campaign_name: string | null; reason_flags: unknown; guidelines_ar: string | null; guidelines_en: string | null; guidelines_acknowledged: boolean;
};

/**
 * The annotator's open battle, or a new one: the scheduler's choice (lib/scheduler), a gold battle at the
 * live campaign's goldRate, or another annotator's voted battle re-issued at its overlapRate.
 *
 * Concurrency: the check for an open battle and the insert run in one transaction holding an advisory lock
 * on the annotator (pg_advisory_xact_lock(hashtext(id))), so two simultaneous requests of one annotator get
 * the same battle; different annotators never wait on each other, and each row carries its requester's id.
 * Expired battles: an expired, unanswered battle is not a vote and does not block its prompt + pair for
 * anyone else; for its own annotator it stays "seen" and is not issued again.
 *
 * Each annotator is issued a prompt at most once, whatever the pair, campaign, skip or expiry: the reveal
 * after a vote names the model behind each answer, and the same answer texts would otherwise come back in
 * that prompt's later battles with other pairs, telling the annotator who wrote them (README, Scheduler).
 */
export async function issueBattle(user: CurrentUser, options: { random?: UniformSource } = {}): Promise<BattleView | null> {
  const planned = await planIssue(user, options);
  if (!planned) return null;
  return sqlTransaction(async (run) => (await issuePlanned(run, planned)).battle, { prelude: annotatorLockPrelude(user.id) });
}

/** What to try to issue, worked out before any transaction is open (so no connection is held meanwhile). */
export type PlannedIssue = { user: CurrentUser; scope: SchedulerScope; plan: Plan; kind: IssueKind; candidates: Candidate[]; rng: UniformSource };

/**
 * The scheduler's candidates for the annotator's next battle; null when the annotator reads no language.
 * `scope` may be passed when the caller already read it in one of its own statements (record-vote.ts).
 */
export async function planIssue(user: CurrentUser, options: { random?: UniformSource; scope?: SchedulerScope } = {}): Promise<PlannedIssue | null> {
  const rng = options.random ?? cryptoUniform;
  if (user.languages.length === 0) return null;
  const scope = options.scope ?? (await readScope());
  const primary = scope.campaigns[0];
  // With no active campaign the quality-control rates are 0.
  const kind = drawIssueKind(rng, primary?.goldRate ?? 0, primary?.overlapRate ?? 0);
  const [plan, seen] = await Promise.all([schedulerPlan(scope), seenPrompts(user.id)]);
  const exclude = (c: Choice) => seen.has(plan.promptIds[c.prompt]!);
  const draw = { languages: user.languages, pairWeights: plan.weights, count: candidatesPerRequest, exclude };
  const toCandidate = (c: Choice) => candidate(plan.promptIds[c.prompt]!, plan.modelIds[c.i]!, plan.modelIds[c.j]!);
  const weighted = chooseBattles(plan.catalogue, rng, draw);
  const candidates = weighted.map(toCandidate);
  // Short when the annotator has seen every prompt of the pairs the weights favour: the rest from anywhere in the
  // catalogue, ordered by the same weights.
  if (weighted.length < candidatesPerRequest) {
    const taken = new Set(weighted.map((c) => `${c.prompt}:${c.pair}`));
    const more = chooseUniformly(plan.catalogue, rng, { ...draw, count: candidatesPerRequest - weighted.length, exclude: (c) => exclude(c) || taken.has(`${c.prompt}:${c.pair}`) });
    candidates.push(...weightedOrder(more.map(toCandidate), plan, rng));
  }
  return { user, scope, plan, kind, candidates, rng };
}

/**
 * A write that rides ahead of the issue in the same statement (record-vote.ts: the vote's insert): common
 * table expressions ending in one named `new_vote`, whose rows are the votes inserted, for the battle
 * `battleId`. That battle no longer counts as the annotator's open one (the statement's snapshot cannot
 * see its new vote yet).
 */
export type VoteAhead = { ctes: Prisma.Sql; battleId: string };

/**
 * Issues (or resumes) on `run`, a transaction that began with annotatorLockPrelude(user.id). Everything runs
 * on that one connection, the rare fallback too: with the embedded database's pool of one connection, a
 * second connection would never come. With `vote`, the vote is inserted by the same statement as the battle
 * (one round trip fewer per vote) and `voteInserted` says whether it was.
 */
export async function issuePlanned(run: Runner, planned: PlannedIssue, vote?: VoteAhead): Promise<{ battle: BattleView | null; voteInserted: boolean }> {
  const { user, scope, plan, kind, candidates, rng } = planned;
  const issued = await insertBattle(run, user, scope, kind, candidates, rng, vote);
  if (issued.battle) return issued;
  forgetSeenPrompts(user.id); // they all failed: what this process knows of the annotator may be out of date
  // None of the sampled candidates is still open to this annotator (or the catalogue is out of date):
  // ask the database for unseen ones directly, then order them by the same weights.
  const fallback = await unseenCandidates(run, user, scope, rng);
  // Reload the catalogue (at most once per 10 s) only if it lacks what the tables hold (a new import): when it
  // holds them, the annotator had merely seen every prompt sampled, and a reload would change nothing. In
  // bench:load, where that happens on ~15% of votes, each needless reload stalled the requests under way.
  if (fallback.some((c) => !inCatalogue(c, plan))) markCatalogueStale(scope);
  if (fallback.length === 0) return issued;
  const battle = (await insertBattle(run, user, scope, "regular", weightedOrder(fallback, plan, rng), rng)).battle;
  return { battle, voteInserted: issued.voteInserted };
}

function candidate(promptId: string, a: string, b: string): Candidate {
  // The pair is stored smaller id first, in Postgres uuid order (= lower-case hex string order).
  return a < b ? { promptId, lowId: a, highId: b } : { promptId, lowId: b, highId: a };
}

async function insertBattle(
  run: Runner, user: CurrentUser, scope: SchedulerScope, kind: IssueKind, candidates: Candidate[], rng: UniformSource, vote?: VoteAhead,
): Promise<{ battle: BattleView | null; voteInserted: boolean }> {
  const now = new Date();
  const campaignIds = scope.campaigns.map((c) => c.id);
  // Overlap: start at a random moment of the campaign so any of its votes can be picked, using the
  // votes(created_at) index instead of ORDER BY random() over all votes; both scans stay inside
  // [campaign start, now], so older votes are never walked.
  const campaignStart = scope.campaigns.length > 0 ? Math.min(...scope.campaigns.map((c) => Date.parse(c.createdAt))) : now.getTime();
  const overlapFrom = new Date(campaignStart + rng.nextDouble() * Math.max(0, now.getTime() - campaignStart));
  // Left/right: a fresh crypto coin per candidate (and one for the gold/overlap row).
  const lowLeft = candidates.map(() => randomInt(2) === 0);
  const specialLowLeft = randomInt(2) === 0;
  const special =
    kind === "gold"
      ? Prisma.sql`UNION ALL
          SELECT g.prompt_id, g.model_low_id, g.model_high_id, ${specialLowLeft}::boolean, -1 - random(), true, NULL::uuid
          FROM gold_pairs g`
      : kind === "overlap" && campaignIds.length > 0
        ? Prisma.sql`UNION ALL
          SELECT o.prompt_id, o.low_id, o.high_id, ${specialLowLeft}::boolean, -1000 + row_number() OVER (), false, o.battle_id
          FROM ((SELECT v.prompt_id, LEAST(v.model_a_id, v.model_b_id) AS low_id, GREATEST(v.model_a_id, v.model_b_id) AS high_id, v.battle_id
                 FROM votes v
                 WHERE v.created_at >= ${overlapFrom.toISOString()}::timestamp AND v.annotator_id <> ${user.id}::uuid
                   AND NOT v.is_gold AND v.campaign_id = ANY(${campaignIds}::uuid[])
                 ORDER BY v.created_at LIMIT 32)
                UNION ALL
                (SELECT v.prompt_id, LEAST(v.model_a_id, v.model_b_id), GREATEST(v.model_a_id, v.model_b_id), v.battle_id
                 FROM votes v
                 WHERE v.created_at < ${overlapFrom.toISOString()}::timestamp AND v.created_at >= ${new Date(campaignStart).toISOString()}::timestamp
                   AND v.annotator_id <> ${user.id}::uuid
                   AND NOT v.is_gold AND v.campaign_id = ANY(${campaignIds}::uuid[])
                 ORDER BY v.created_at DESC LIMIT 32)) o`
        : Prisma.empty;

  // One statement: resume the open battle, or insert the first candidate that passes every hard rule
  // against live rows, and return what the annotator may see (one row, whose columns are null when no
  // battle could be issued, so that `vote_inserted` always comes back).
  // The candidates are sorted by `ord` before they are checked (cand's ORDER BY): the checks then run in that
  // order, joined by nested loops that keep it, and `chosen`'s LIMIT 1 stops at the first that passes, instead
  // of checking all of them (24 and more, ~8 index lookups each) and sorting the survivors. The same battle is
  // chosen either way; `npm run bench:vote-statements` measured this statement's backend CPU per vote.
  const statementSql = Prisma.sql`
    WITH ${vote ? Prisma.sql`${vote.ctes},` : Prisma.empty}
    open_battle AS (
      SELECT b.id FROM battles b
      WHERE b.annotator_id = ${user.id}::uuid AND b.skipped_at IS NULL AND NOT b.live
        ${vote ? Prisma.sql`AND b.id <> ${vote.battleId}::uuid` : Prisma.empty}
        AND b.issued_at > ${new Date(now.getTime() - battleLifetimeMs).toISOString()}::timestamp
        AND b.expires_at > ${now.toISOString()}::timestamp
        AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.battle_id = b.id)
      ORDER BY b.issued_at DESC LIMIT 1),
    cand (prompt_id, low_id, high_id, low_left, ord, is_gold, overlap_of) AS (
      SELECT * FROM (
        SELECT c.prompt_id, c.low_id, c.high_id, c.low_left, c.ord::float8, false, NULL::uuid
        FROM unnest(${candidates.map((c) => c.promptId)}::uuid[], ${candidates.map((c) => c.lowId)}::uuid[],
                    ${candidates.map((c) => c.highId)}::uuid[], ${lowLeft}::boolean[]) WITH ORDINALITY AS c(prompt_id, low_id, high_id, low_left, ord)
        ${special}) AS all_cand (prompt_id, low_id, high_id, low_left, ord, is_gold, overlap_of)
      ORDER BY ord),
    eligible AS (
      SELECT cand.*,
        (SELECT c.id FROM campaigns c
           JOIN campaign_prompt_sets cps ON cps.campaign_id = c.id AND cps.prompt_set_id = p.prompt_set_id
           JOIN campaign_models cm1 ON cm1.campaign_id = c.id AND cm1.model_id = cand.low_id
           JOIN campaign_models cm2 ON cm2.campaign_id = c.id AND cm2.model_id = cand.high_id
         WHERE c.active AND NOT c.live ORDER BY c.created_at, c.id LIMIT 1) AS campaign_id
      FROM cand
      JOIN prompts p ON p.id = cand.prompt_id
      JOIN models m1 ON m1.id = cand.low_id AND NOT m1.hidden AND NOT m1.retired
      JOIN models m2 ON m2.id = cand.high_id AND NOT m2.hidden AND NOT m2.retired
      WHERE cand.low_id < cand.high_id
        AND p.language::text = ANY(${user.languages}::text[])
        AND EXISTS (SELECT 1 FROM responses r WHERE r.prompt_id = cand.prompt_id AND r.model_id = cand.low_id)
        AND EXISTS (SELECT 1 FROM responses r WHERE r.prompt_id = cand.prompt_id AND r.model_id = cand.high_id)
        AND NOT EXISTS (SELECT 1 FROM battles b WHERE b.annotator_id = ${user.id}::uuid AND b.prompt_id = cand.prompt_id)
        AND (cand.is_gold OR NOT EXISTS (
          SELECT 1 FROM gold_pairs g WHERE g.prompt_id = cand.prompt_id AND g.model_low_id = cand.low_id AND g.model_high_id = cand.high_id))),
    chosen AS (
      SELECT * FROM eligible
      WHERE (campaign_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM campaigns WHERE active AND NOT live))
        AND NOT EXISTS (SELECT 1 FROM open_battle)
      ORDER BY ord LIMIT 1),
    inserted AS (
      INSERT INTO battles (id, annotator_id, prompt_id, model_a_id, model_b_id, pair_low_id, pair_high_id,
                           issued_at, expires_at, campaign_id, is_gold, overlap_of_id)
      SELECT gen_random_uuid(), ${user.id}::uuid, prompt_id,
        CASE WHEN low_left THEN low_id ELSE high_id END, CASE WHEN low_left THEN high_id ELSE low_id END,
        low_id, high_id, ${now.toISOString()}::timestamp, ${new Date(now.getTime() + battleLifetimeMs).toISOString()}::timestamp,
        campaign_id, is_gold, overlap_of
      FROM chosen
      RETURNING id, prompt_id, model_a_id, model_b_id, issued_at, expires_at, campaign_id),
    target AS (
      SELECT * FROM inserted
      UNION ALL
      SELECT b.id, b.prompt_id, b.model_a_id, b.model_b_id, b.issued_at, b.expires_at, b.campaign_id FROM battles b JOIN open_battle o ON o.id = b.id)
    SELECT ${vote ? Prisma.sql`(SELECT count(*) FROM new_vote)::int` : Prisma.sql`0`} AS vote_inserted, shown.*
    FROM (SELECT 1) AS one LEFT JOIN LATERAL (
      SELECT t.id::text, t.prompt_id::text, p.text AS prompt_text, p.language::text AS language, p.category,
             ra.text AS response_a, rb.text AS response_b,
             to_char(t.issued_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS issued_at, to_char(t.expires_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS expires_at,
             t.campaign_id::text, c.name AS campaign_name, c.reason_flags, c.guidelines_ar, c.guidelines_en,
             (ga.acknowledged_at IS NOT NULL AND (c.guidelines_updated_at IS NULL OR ga.acknowledged_at >= c.guidelines_updated_at)) AS guidelines_acknowledged
      FROM target t
      JOIN prompts p ON p.id = t.prompt_id
      LEFT JOIN campaigns c ON c.id = t.campaign_id
      LEFT JOIN guideline_acknowledgements ga ON ga.campaign_id = t.campaign_id AND ga.user_id = ${user.id}::uuid
      LEFT JOIN responses ra ON ra.prompt_id = t.prompt_id AND ra.model_id = t.model_a_id
      LEFT JOIN responses rb ON rb.prompt_id = t.prompt_id AND rb.model_id = t.model_b_id) AS shown ON true`;
  const [row] = await run<ViewRow & { vote_inserted: number }>(statementSql);
  const voteInserted = Number(row?.vote_inserted ?? 0) > 0;
  if (!row?.id) return { battle: null, voteInserted };
  noteIssuedPrompt(user.id, row.prompt_id);
  const battle: BattleView = {
    id: row.id,
    prompt: { text: row.prompt_text, language: row.language, category: row.category },
    responseA: row.response_a ?? "",
    responseB: row.response_b ?? "",
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    flags: readReasonFlags(row.campaign_id ? row.reason_flags : undefined),
    campaign: row.campaign_id
      ? {
          id: row.campaign_id,
          name: row.campaign_name ?? "",
          guidelines: row.guidelines_ar?.trim() || row.guidelines_en?.trim() ? { ar: row.guidelines_ar ?? "", en: row.guidelines_en ?? "" } : null,
          guidelinesAcknowledged: row.guidelines_acknowledged,
        }
      : null,
  };
  return { battle, voteInserted };
}

// The prelude of every transaction that issues: serialises this annotator's requests until commit. The statement above joins in the order it is
// written (a handful of candidates, each checked by index lookups), so the planner is told not to
// search join orders: that search cost ~15 ms, seven times the execution. Both settings end with the transaction.
export function annotatorLockPrelude(userId: string): string {
  return `SELECT pg_advisory_xact_lock(hashtext(${sqlLiteral(userId)})); SET LOCAL join_collapse_limit = 1; SET LOCAL from_collapse_limit = 1`;
}

// Rare path: eligible (prompt, pair)s of prompts this annotator has not been issued, straight from the tables (a fresh import not yet in the
// catalogue, or an annotator who has seen every prompt of the pairs the scheduler wants most). Hard rules as in insertBattle. The sample
// is joined in the order written (the prelude's setting, one round trip less each); for the whole-pool scan the planner may search join
// orders again.
// First a sample: the unseen prompts that follow a random point in id order (ids are random uuids, so they
// are a random draw), found by walking the primary key until 32 are unseen, about 1 ms however many prompts
// there are. Only when those give no eligible pair does the whole pool get scanned: that scan cost 56 ms on a
// quiet machine at 5,000 prompts and ~160 ms under load, and ran for ~3% of the votes in `npm run bench:load`.
async function unseenCandidates(run: Runner, user: CurrentUser, scope: SchedulerScope, rng: UniformSource): Promise<Candidate[]> {
  // Language as the enum (not ::text), so the planner knows how many prompts pass and walks the index.
  const unseenPrompt = Prisma.sql`p.language = ANY(${user.languages}::"Language"[])
      AND NOT EXISTS (SELECT 1 FROM battles b WHERE b.annotator_id = ${user.id}::uuid AND b.prompt_id = p.id)`;
  const setIds = [...new Set(scope.campaigns.flatMap((c) => c.setIds))];
  const inScope = scope.campaigns.length > 0 ? Prisma.sql`AND p.prompt_set_id = ANY(${setIds}::uuid[])` : Prisma.empty;
  // The random point: a uuid whose first 32 bits are drawn (the rest do not matter at this grain).
  const from = `${Math.floor(rng.nextDouble() * 2 ** 32).toString(16).padStart(8, "0")}-0000-0000-0000-000000000000`;
  const sampled = await run<CandidateRow>(Prisma.sql`
    WITH picked AS MATERIALIZED (
      (SELECT p.id, p.prompt_set_id FROM prompts p WHERE p.id >= ${from}::uuid AND ${unseenPrompt} ${inScope} ORDER BY p.id LIMIT 32)
      UNION ALL
      (SELECT p.id, p.prompt_set_id FROM prompts p WHERE p.id < ${from}::uuid AND ${unseenPrompt} ${inScope} ORDER BY p.id LIMIT 32)
      LIMIT 32)
    ${eligiblePairsOf(Prisma.sql`picked p`)}`);
  if (sampled.length > 0) return sampled.map((r) => ({ promptId: r.prompt_id, lowId: r.low_id, highId: r.high_id }));
  await run(Prisma.sql`SET LOCAL join_collapse_limit TO DEFAULT`);
  await run(Prisma.sql`SET LOCAL from_collapse_limit TO DEFAULT`);
  const rows = await run<CandidateRow>(Prisma.sql`${eligiblePairsOf(Prisma.sql`prompts p`)} AND ${unseenPrompt} ORDER BY random() LIMIT 64`);
  return rows.map((r) => ({ promptId: r.prompt_id, lowId: r.low_id, highId: r.high_id }));
}

type CandidateRow = { prompt_id: string; low_id: string; high_id: string };

// Each pair of visible models that answered a prompt of `prompts` (aliased p, with id and prompt_set_id), less gold pairs and, while a
// campaign is on, pairs outside every campaign; ends in a WHERE that callers may extend with AND.
function eligiblePairsOf(prompts: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT p.id::text AS prompt_id, r1.model_id::text AS low_id, r2.model_id::text AS high_id
    FROM ${prompts}
    JOIN responses r1 ON r1.prompt_id = p.id
    JOIN responses r2 ON r2.prompt_id = p.id AND r1.model_id < r2.model_id
    JOIN models m1 ON m1.id = r1.model_id AND NOT m1.hidden AND NOT m1.retired
    JOIN models m2 ON m2.id = r2.model_id AND NOT m2.hidden AND NOT m2.retired
    WHERE NOT EXISTS (SELECT 1 FROM gold_pairs g WHERE g.prompt_id = p.id AND g.model_low_id = r1.model_id AND g.model_high_id = r2.model_id)
      AND (NOT EXISTS (SELECT 1 FROM campaigns WHERE active AND NOT live) OR EXISTS (
        SELECT 1 FROM campaigns c
          JOIN campaign_prompt_sets cps ON cps.campaign_id = c.id AND cps.prompt_set_id = p.prompt_set_id
          JOIN campaign_models cm1 ON cm1.campaign_id = c.id AND cm1.model_id = r1.model_id
          JOIN campaign_models cm2 ON cm2.campaign_id = c.id AND cm2.model_id = r2.model_id
        WHERE c.active AND NOT c.live))`;
}

function inCatalogue(c: Candidate, plan: Plan): boolean {
  const i = plan.modelIndex.get(c.lowId);
  const j = plan.modelIndex.get(c.highId);
  const prompt = plan.promptIndex.get(c.promptId);
  if (i === undefined || j === undefined || prompt === undefined) return false;
  return promptWeightOf(plan.catalogue, prompt, pairIndex(plan.modelIds.length, i, j)) !== undefined;
}

// A weighted random permutation (Efraimidis–Spirakis keys u^(1/w)): the scheduler's preference, still random.
function weightedOrder(candidates: Candidate[], plan: Plan, rng: UniformSource): Candidate[] {
  const n = plan.modelIds.length;
  const unknownPrompt = promptPreference(NaN, dissimilarityWeightFromEnv());
  const weightOf = (c: Candidate) => {
    const i = plan.modelIndex.get(c.lowId);
    const j = plan.modelIndex.get(c.highId);
    if (i === undefined || j === undefined) return unknownPrompt;
    const pair = pairIndex(n, i, j);
    const prompt = plan.promptIndex.get(c.promptId);
    const preference = prompt === undefined ? undefined : promptWeightOf(plan.catalogue, prompt, pair);
    return (plan.weights[pair] ?? 1) * (preference ?? unknownPrompt);
  };
  return candidates
    .map((c) => ({ c, key: Math.pow(rng.nextDouble(), 1 / Math.max(1e-9, weightOf(c))) }))
    .sort((a, b) => b.key - a.key)
    .map((x) => x.c);
}
