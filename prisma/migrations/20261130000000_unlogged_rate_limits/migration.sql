-- Rate-limit counters need no crash safety (after a crash they start again from zero), so they skip
-- the write-ahead log: a vote's counter update then commits without waiting for a disk flush, and the
-- per-address row that every vote from one network updates is held for microseconds.
ALTER TABLE "rate_limit_buckets" SET UNLOGGED;
