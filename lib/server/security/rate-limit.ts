import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/server/errors";
import { sql } from "@/lib/server/sql";

// Fixed-window rate limits kept in Postgres (rate_limit_buckets), so every app instance behind a
// load balancer counts against the same budget. One atomic upsert per check: the row for a key
// either starts a new window at 1 or increments the current one, and returns the new count.
// The table is UNLOGGED: counters are not worth a WAL flush per request (a crash merely resets them),
// and without one a per-address row that every vote updates is locked for microseconds, not a disk sync.

export type Limit = {
  // Bucket key, e.g. "vote:user:<id>"; one row per key, reused window after window.
  key: string;
  max: number;
  windowSeconds: number;
};

export type LimitResult = { key: string; count: number; max: number; retryAfterSeconds: number };

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, "rate_limited", `Too many requests. Try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
    this.name = "RateLimitedError";
  }
}

type Row = { key: string; count: number; retry_after: number };

// Counts one hit against every limit (one statement, one round trip) and returns their states.
// The window is computed from the database clock, so instances with skewed clocks agree.
export async function hit(limits: readonly Limit[]): Promise<LimitResult[]> {
  const active = limits.filter((l) => l.max > 0);
  if (active.length === 0) return [];
  const keys = active.map((l) => l.key);
  const windows = active.map((l) => l.windowSeconds);
  const rows = await sql<Row>(Prisma.sql`
    WITH input AS (
      SELECT k AS key, w AS window_seconds,
             to_timestamp(floor(extract(epoch FROM clock_timestamp()) / w) * w) AT TIME ZONE 'UTC' AS window_start
      FROM unnest(${keys}::text[], ${windows}::int[]) AS t(k, w)
    )
    INSERT INTO rate_limit_buckets AS b (key, window_start, count)
    SELECT key, window_start, 1 FROM input
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN b.window_start = EXCLUDED.window_start THEN b.count + 1 ELSE 1 END,
      window_start = EXCLUDED.window_start
    RETURNING b.key, b.count,
      GREATEST(1, ceil(extract(epoch FROM (b.window_start
        + make_interval(secs => (SELECT window_seconds FROM input WHERE input.key = b.key))
        - (clock_timestamp() AT TIME ZONE 'UTC')))))::int AS retry_after`);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return active.map((l) => {
    const row = byKey.get(l.key)!;
    return { key: l.key, count: Number(row.count), max: l.max, retryAfterSeconds: Number(row.retry_after) };
  });
}

// Throws RateLimitedError (HTTP 429, code "rate_limited") when any limit is exceeded.
export async function enforce(limits: readonly Limit[]): Promise<void> {
  const over = (await hit(limits)).filter((r) => r.count > r.max);
  if (over.length > 0) throw new RateLimitedError(Math.max(...over.map((r) => r.retryAfterSeconds)));
}
