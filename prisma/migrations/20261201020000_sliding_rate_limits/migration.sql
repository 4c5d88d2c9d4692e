-- Sliding-window rate limits: each bucket keeps the previous window's count beside the current one, so
-- the budget is counted over the last window's length at any moment, not reset at a clock boundary
-- (a fixed window let a guesser spend twice the budget across a boundary).
ALTER TABLE "rate_limit_buckets" ADD COLUMN "previous_count" INTEGER NOT NULL DEFAULT 0;
