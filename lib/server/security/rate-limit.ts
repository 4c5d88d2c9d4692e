import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/server/errors";
import { sql } from "@/lib/server/sql";

// Sliding-window rate limits kept in Postgres (rate_limit_buckets), so every app instance behind a
// load balancer counts against the same budget. A bucket holds the count of the current fixed window
// and of the one before it; the hits "in the last window" are estimated as the current count plus the
// previous count weighted by how much of the previous window still lies within the last window's length
// (the sliding-window counter). A fixed window alone resets at a clock boundary, which let a guesser
// spend twice the budget in a moment and made a limit of 10 sometimes allow the 11th attempt.
// One atomic upsert per check (riding in the request's first statement where it can: rateLimitHitsCte). The table is UNLOGGED: counters are not worth a WAL flush per request
// (a crash merely resets them), and without one a per-address row that every vote updates is locked
// for microseconds, not a disk sync.

export type Limit = {
  // Bucket key, e.g. "vote:user:<id>"; one row per key, reused window after window.
  key: string;
  max: number;
  windowSeconds: number;
};

export type LimitResult = {
  key: string;
  // Hits in the current fixed window (this one included) and in the window before it.
  count: number;
  previousCount: number;
  // The sliding estimate of hits within the last windowSeconds, compared with max.
  estimate: number;
  max: number;
  limited: boolean;
  // When the next hit would pass, if no other hits come before it.
  retryAfterSeconds: number;
};

// The sliding-window state of one bucket, `elapsedSeconds` into its current window. Pure.
export function slidingWindow(input: { count: number; previousCount: number; elapsedSeconds: number; windowSeconds: number; max: number }) {
  const { count, previousCount, max } = input;
  const w = input.windowSeconds;
  const e = Math.min(Math.max(input.elapsedSeconds, 0), w);
  const estimate = count + previousCount * (1 - e / w);
  // The next hit passes once (its window's count + 1) + (the previous count, weighted) <= max.
  let wait: number;
  if (count + 1 <= max) {
    // Still in this window: wait until the previous window's weight has fallen far enough.
    const room = max - count - 1;
    wait = previousCount * (1 - e / w) <= room ? 0 : w * (1 - room / previousCount) - e;
  } else {
    // Only in the next window, where this window's count is the weighted one.
    wait = w - e + (count <= max - 1 ? 0 : w * (1 - (max - 1) / count));
  }
  return { estimate, limited: estimate > max, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, "rate_limited", `Too many requests. Try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
    this.name = "RateLimitedError";
  }
}

export type RateLimitHitRow = { key: string; count: number; previous_count: number; elapsed: number };

/**
 * The hit on every active limit as common table expressions ending in `rate_limit_hits` (key, count,
 * previous_count, elapsed), so a statement that reads something else can count its request's hits in the
 * same round trip (record-vote.ts folds them into the battle read); null when no limit is active. Windows
 * and elapsed times come from the database clock, so instances with skewed clocks agree. With `onlyWhen` (a
 * boolean SQL expression) nothing is counted, and no rows come back, unless it holds: record-vote.ts counts
 * nothing for an ended session, whose user it checks in the same statement.
 */
export function rateLimitHitsCte(limits: readonly Limit[], options: { onlyWhen?: Prisma.Sql } = {}): Prisma.Sql | null {
  const active = limits.filter((l) => l.max > 0);
  if (active.length === 0) return null;
  const keys = active.map((l) => l.key);
  const windows = active.map((l) => l.windowSeconds);
  return Prisma.sql`
    rate_limit_now AS (SELECT extract(epoch FROM clock_timestamp())::float8 AS epoch),
    rate_limit_input AS (
      SELECT k AS key, w AS window_seconds, n.epoch AS now_epoch, floor(n.epoch / w) * w AS start_epoch
      FROM unnest(${keys}::text[], ${windows}::int[]) AS t(k, w), rate_limit_now n
      ${options.onlyWhen ? Prisma.sql`WHERE ${options.onlyWhen}` : Prisma.empty}
    ),
    rate_limit_hits AS (
      INSERT INTO rate_limit_buckets AS b (key, window_start, count, previous_count)
      SELECT key, to_timestamp(start_epoch) AT TIME ZONE 'UTC', 1, 0 FROM rate_limit_input
      ON CONFLICT (key) DO UPDATE SET
        previous_count = CASE
          WHEN b.window_start = EXCLUDED.window_start THEN b.previous_count
          WHEN b.window_start = EXCLUDED.window_start
            - make_interval(secs => (SELECT window_seconds FROM rate_limit_input i WHERE i.key = b.key)) THEN b.count
          ELSE 0 END,
        count = CASE WHEN b.window_start = EXCLUDED.window_start THEN b.count + 1 ELSE 1 END,
        window_start = EXCLUDED.window_start
      RETURNING b.key, b.count, b.previous_count,
        (SELECT now_epoch - start_epoch FROM rate_limit_input i WHERE i.key = b.key) AS elapsed)`;
}

/** The states of `limits` from the rows of rate_limit_hits (as objects, or as the JSON of their array). */
export function limitResults(limits: readonly Limit[], rows: readonly RateLimitHitRow[]): LimitResult[] {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return limits
    .filter((l) => l.max > 0)
    .map((l) => {
      const row = byKey.get(l.key)!;
      const count = Number(row.count);
      const previousCount = Number(row.previous_count);
      const state = slidingWindow({ count, previousCount, elapsedSeconds: Number(row.elapsed), windowSeconds: l.windowSeconds, max: l.max });
      return { key: l.key, count, previousCount, max: l.max, ...state };
    });
}

/** Throws RateLimitedError (HTTP 429, code "rate_limited") when any of the results is over its limit. */
export function throwIfLimited(results: readonly LimitResult[]): void {
  const over = results.filter((r) => r.limited);
  if (over.length > 0) throw new RateLimitedError(Math.max(...over.map((r) => r.retryAfterSeconds)));
}

// Counts one hit against every limit (one statement, one round trip) and returns their states.
export async function hit(limits: readonly Limit[]): Promise<LimitResult[]> {
  const hits = rateLimitHitsCte(limits);
  if (!hits) return [];
  return limitResults(limits, await sql<RateLimitHitRow>(Prisma.sql`WITH ${hits} SELECT * FROM rate_limit_hits`));
}

// Throws RateLimitedError (HTTP 429, code "rate_limited") when any limit is exceeded.
export async function enforce(limits: readonly Limit[]): Promise<void> {
  throwIfLimited(await hit(limits));
}
