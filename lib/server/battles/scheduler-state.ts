// The scheduler's data access: the live scope (active campaigns, visible models) read on every request
// (two tiny tables), and two per-process caches refreshed in the background, so a request never waits for
// them once warm:
//   - the catalogue (prompts, which models answered them, how different each pair's answers are): 60 s;
//   - the pair weights (Bradley–Terry standings from one GROUP BY over votes): 10 s.
// Staleness only affects preferences: every hard rule is checked against live rows when the battle is
// inserted (issue-battle.ts).
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { sql } from "@/lib/server/sql";
import { countsFromRows, pairIndex, type VoteCountRow } from "@/lib/ratings";
import {
  buildCatalogue,
  dissimilarityWeightFromEnv,
  normalisePriorities,
  schedulerFocusFromEnv,
  schedulerWeights,
  type Catalogue,
  type CatalogueEntry,
  type LanguageCode,
} from "@/lib/scheduler";

export type LiveCampaign = { id: string; goldRate: number; overlapRate: number; targetVotes: number; createdAt: string; setIds: string[]; modelIds: string[] };

export type SchedulerScope = {
  /** Active campaigns, oldest first; the first one's rates and target apply. */
  campaigns: LiveCampaign[];
  /** Visible models inside the scope (all non-hidden, non-retired ones, or the active campaigns' among them), sorted. */
  modelIds: string[];
  key: string;
};

// The live scope as two columns of any statement (record-vote.ts reads it in the vote's own statement).
export const scopeColumns = Prisma.sql`
      (SELECT coalesce(json_agg(json_build_object(
          'id', c.id, 'goldRate', c.gold_rate, 'overlapRate', c.overlap_rate, 'targetVotes', c.target_votes,
          'createdAt', to_char(c.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'setIds', (SELECT coalesce(array_agg(s.prompt_set_id ORDER BY s.prompt_set_id), '{}') FROM campaign_prompt_sets s WHERE s.campaign_id = c.id),
          'modelIds', (SELECT coalesce(array_agg(m.model_id ORDER BY m.model_id), '{}') FROM campaign_models m WHERE m.campaign_id = c.id)
        ) ORDER BY c.created_at, c.id), '[]'::json) FROM campaigns c WHERE c.active AND NOT c.live) AS scope_campaigns,
      (SELECT coalesce(array_agg(id::text ORDER BY id), '{}') FROM models WHERE NOT hidden AND NOT retired) AS scope_models`;

export type ScopeColumns = { scope_campaigns: LiveCampaign[]; scope_models: string[] };

export async function readScope(): Promise<SchedulerScope> {
  const [row] = await sql<ScopeColumns>(Prisma.sql`SELECT ${scopeColumns}`);
  return scopeFrom(row);
}

export function scopeFrom(row: ScopeColumns | undefined): SchedulerScope {
  const campaigns = row?.scope_campaigns ?? [];
  let modelIds = (row?.scope_models ?? []).map(String);
  if (campaigns.length > 0) {
    const inCampaign = new Set(campaigns.flatMap((c) => c.modelIds));
    modelIds = modelIds.filter((id) => inCampaign.has(id));
  }
  return { campaigns, modelIds, key: JSON.stringify({ campaigns, modelIds }) };
}

export type Plan = {
  /** Sparse: only the (prompt, pair) entries that can be issued (lib/scheduler/choose.ts). */
  catalogue: Catalogue;
  promptIds: string[];
  modelIds: string[];
  modelIndex: Map<string, number>;
  promptIndex: Map<string, number>;
  /** Weight per pair of scope models (pairIndex order): models² numbers in all, not per prompt. */
  weights: Float64Array;
};

// Stale-while-revalidate: a stale value is served while one refresh runs; only a cold cache waits.
class Refreshing<T> {
  private value: T | undefined;
  private loadedAt = 0;
  private pending: Promise<T> | undefined;

  constructor(
    private readonly maxAgeMs: number,
    private readonly load: () => Promise<T>,
  ) {}

  async get(): Promise<T> {
    if (this.value !== undefined && Date.now() - this.loadedAt < this.maxAgeMs) return this.value;
    const refresh = this.refresh();
    if (this.value !== undefined) {
      refresh.catch(() => undefined); // keep serving the old value; the next request retries
      return this.value;
    }
    return refresh;
  }

  /** Refresh on next use, unless loaded within the last `minAgeMs` (so a burst of misses reloads once). */
  markStale(minAgeMs: number) {
    if (Date.now() - this.loadedAt >= minAgeMs) this.loadedAt = 0;
  }

  private refresh(): Promise<T> {
    this.pending ??= this.load()
      .then((value) => {
        this.value = value;
        this.loadedAt = Date.now();
        return value;
      })
      .finally(() => (this.pending = undefined));
    return this.pending;
  }
}

export const catalogueMaxAgeMs = 60_000;
export const weightsMaxAgeMs = 10_000;

type CatalogueData = Omit<Plan, "weights">;

async function loadCatalogue(scope: SchedulerScope): Promise<CatalogueData> {
  const setIds = scope.campaigns.length > 0 ? [...new Set(scope.campaigns.flatMap((c) => c.setIds))] : null;
  // One row per prompt with arrays (not one row per pair): 20,000 prompts × 15 pairs stay 20,000 rows.
  // Models come back as their index in scope.modelIds (not 36-character ids), and only scores and gold pairs
  // between scope models: what the scheduler holds grows with the pairs it can issue.
  // Gold pairs are issued only as gold battles, at the campaign's rate: they are left out of the catalogue.
  // Straight on the pool (lib/server/sql.ts): Prisma's row mapping of these arrays cost seconds of the
  // request thread at 5,000 prompts.
  const prompts = await sql<{ id: string; language: LanguageCode; set_id: string; priority: number | null; models: number[]; low: number[] | null; high: number[] | null; d: number[] | null; gold_low: number[] | null; gold_high: number[] | null }>(Prisma.sql`
    WITH m AS (SELECT t.id, (t.k - 1)::int AS i FROM unnest(${scope.modelIds}::uuid[]) WITH ORDINALITY AS t(id, k)),
    scoped AS (
      SELECT p.id, p.language, p.prompt_set_id, p.priority, array_agg(m.i ORDER BY m.i) AS models
      FROM prompts p JOIN responses r ON r.prompt_id = p.id JOIN m ON m.id = r.model_id
      WHERE ${setIds}::uuid[] IS NULL OR p.prompt_set_id = ANY(${setIds}::uuid[])
      GROUP BY p.id
      HAVING count(*) >= 2)
    SELECT s.id::text, s.language::text AS language, s.prompt_set_id::text AS set_id, s.priority, s.models,
           sc.low, sc.high, sc.d, gp.low AS gold_low, gp.high AS gold_high
    FROM scoped s
    LEFT JOIN LATERAL (
      SELECT array_agg(ml.i) AS low, array_agg(mh.i) AS high, array_agg(ps.dissimilarity) AS d
      FROM pair_scores ps JOIN m ml ON ml.id = ps.model_low_id JOIN m mh ON mh.id = ps.model_high_id
      WHERE ps.prompt_id = s.id) sc ON true
    LEFT JOIN LATERAL (
      SELECT array_agg(ml.i) AS low, array_agg(mh.i) AS high
      FROM gold_pairs g JOIN m ml ON ml.id = g.model_low_id JOIN m mh ON mh.id = g.model_high_id
      WHERE g.prompt_id = s.id) gp ON true`);
  const modelIds = scope.modelIds;
  const n = modelIds.length;
  const modelIndex = new Map(modelIds.map((id, i) => [id, i]));
  // Upload priorities, where given, replace the text measure: normalised by rank within their set.
  const priorityOf = new Map<string, number>();
  const bySet = new Map<string, { id: string; priority: number }[]>();
  for (const p of prompts) {
    if (p.priority === null) continue;
    let list = bySet.get(p.set_id);
    if (!list) bySet.set(p.set_id, (list = []));
    list.push({ id: p.id, priority: Number(p.priority) });
  }
  for (const list of bySet.values()) normalisePriorities(list.map((p) => p.priority)).forEach((rank, k) => priorityOf.set(list[k]!.id, rank));

  const promptIndex = new Map<string, number>();
  function* entries(): Generator<CatalogueEntry> {
    for (let k = 0; k < prompts.length; k++) {
      const p = prompts[k]!;
      promptIndex.set(p.id, k);
      // This prompt's scores and gold pairs only (a few entries), keyed by pair index; NaN = no score.
      const scores = new Map<number, number>();
      (p.low ?? []).forEach((low, s) => low !== p.high![s] && scores.set(pairIndex(n, low, p.high![s]!), Number(p.d![s])));
      const gold = new Set((p.gold_low ?? []).map((low, s) => pairIndex(n, low, p.gold_high![s]!)));
      const priority = priorityOf.get(p.id);
      const models = p.models;
      for (let a = 0; a < models.length; a++) {
        for (let b = a + 1; b < models.length; b++) {
          if (models[a] === models[b]) continue;
          const at = pairIndex(n, models[a]!, models[b]!);
          if (gold.has(at)) continue;
          yield { prompt: k, language: p.language, i: models[a]!, j: models[b]!, dissimilarity: priority ?? scores.get(at) ?? NaN };
        }
      }
    }
  }
  const catalogue = buildCatalogue(n, entries(), dissimilarityWeightFromEnv());
  return { catalogue, promptIds: prompts.map((p) => p.id), modelIds, modelIndex, promptIndex };
}

const outcomeOf = { model_a: "a", model_b: "b", tie: "tie", tie_bothbad: "bothbad" } as const;

async function loadWeights(scope: SchedulerScope): Promise<Float64Array> {
  // One row per ordered model pair and outcome (75,000 at 200 models), with the primary campaign's share.
  const primary = scope.campaigns[0];
  const grouped = await sql<{ a: string; b: string; winner: keyof typeof outcomeOf; n: number; in_campaign: number }>(Prisma.sql`
    SELECT v.model_a_id::text AS a, v.model_b_id::text AS b, v.winner::text AS winner, COUNT(*)::int AS n,
           (COUNT(*) FILTER (WHERE v.campaign_id = ${primary?.id ?? null}::uuid))::int AS in_campaign
    FROM votes v GROUP BY 1, 2, 3`);
  const rows: VoteCountRow[] = grouped.map((g) => ({ modelA: g.a, modelB: g.b, outcome: outcomeOf[g.winner], count: g.n }));
  const counts = countsFromRows(rows, scope.modelIds);
  const campaignVotes = new Float64Array(scope.modelIds.length);
  if (primary) {
    const index = new Map(scope.modelIds.map((id, i) => [id, i]));
    for (const g of grouped) {
      if (g.in_campaign === 0) continue;
      for (const m of [g.a, g.b]) if (index.has(m)) campaignVotes[index.get(m)!]! += g.in_campaign;
    }
  }
  // In the counts' pair layout, which is pairIndex order: weights[pairIndex(n, i, j)]. The same function the
  // simulation behind npm run bench:scheduler calls.
  return schedulerWeights(counts, { campaignVotes, targetVotes: primary?.targetVotes, focusTop: schedulerFocusFromEnv() });
}

type ScopeCaches = { catalogue: Refreshing<CatalogueData>; weights: Refreshing<Float64Array> };
const caches = new Map<string, ScopeCaches>();

function cachesFor(scope: SchedulerScope): ScopeCaches {
  let entry = caches.get(scope.key);
  if (!entry) {
    entry = { catalogue: new Refreshing(catalogueMaxAgeMs, () => loadCatalogue(scope)), weights: new Refreshing(weightsMaxAgeMs, () => loadWeights(scope)) };
    caches.set(scope.key, entry);
    // A handful of scopes at most (campaigns switched on and off); drop the oldest.
    if (caches.size > 8) caches.delete(caches.keys().next().value!);
  }
  return entry;
}

export async function schedulerPlan(scope: SchedulerScope): Promise<Plan> {
  const entry = cachesFor(scope);
  const [catalogue, weights] = await Promise.all([entry.catalogue.get(), entry.weights.get()]);
  return { ...catalogue, weights };
}

/**
 * The sampled candidates all failed the live checks: the catalogue may be out of date (a new import).
 * At most one reload per 10 s, so an annotator who has seen everything does not reload it on every request.
 */
export function markCatalogueStale(scope: SchedulerScope) {
  caches.get(scope.key)?.catalogue.markStale(10_000);
}

/** The scheduler's pair weights over `scope` alone (live battles choose a pair with them: no prompt catalogue). */
export function scopePairWeights(scope: SchedulerScope): Promise<Float64Array> {
  return cachesFor(scope).weights.get();
}

// Which prompts each annotator has been issued (every prompt is issued to an annotator once), so that the
// scheduler's draw leaves them out. Without it, an annotator who had seen every prompt of the pairs the
// scheduler favours kept drawing those: in bench:load about 15 of the 24 candidates per vote were refused by the
// issuing statement (~8 index lookups each) and a fifth of the votes fell back to reading the tables. A hint,
// never the rule: the issuing statement still checks live rows. What another process issued is learnt when this
// one's candidates all fail (forgetSeenPrompts, then the list is read again). Least recently served annotators go
// first past maxSeenEntries prompt ids in all (~40 MB).
const maxSeenEntries = 500_000;
const seenByAnnotator = new Map<string, Set<string>>();
let seenEntries = 0;

export async function seenPrompts(userId: string): Promise<Set<string>> {
  const known = seenByAnnotator.get(userId);
  if (known) {
    seenByAnnotator.delete(userId); // most recently served last
    seenByAnnotator.set(userId, known);
    return known;
  }
  const rows = await sql<{ prompt_id: string }>(Prisma.sql`SELECT prompt_id::text FROM battles WHERE annotator_id = ${userId}::uuid`);
  const seen = new Set(rows.map((r) => r.prompt_id));
  forgetSeenPrompts(userId); // a concurrent request of the same annotator may have read it meanwhile
  seenByAnnotator.set(userId, seen);
  seenEntries += seen.size;
  trimSeen();
  return seen;
}

export function noteIssuedPrompt(userId: string, promptId: string) {
  const seen = seenByAnnotator.get(userId);
  if (!seen || seen.has(promptId)) return;
  seen.add(promptId);
  seenEntries++;
  trimSeen();
}

export function forgetSeenPrompts(userId: string) {
  const seen = seenByAnnotator.get(userId);
  if (!seen) return;
  seenEntries -= seen.size;
  seenByAnnotator.delete(userId);
}

function trimSeen() {
  for (const userId of seenByAnnotator.keys()) {
    if (seenEntries <= maxSeenEntries || seenByAnnotator.size <= 1) break;
    forgetSeenPrompts(userId);
  }
}

/** Forget every cached catalogue, weight and seen-prompt list (tests; after bulk changes). */
export function clearSchedulerCache() {
  caches.clear();
  seenByAnnotator.clear();
  seenEntries = 0;
}


