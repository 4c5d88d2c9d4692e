-- Session cookies issued before this moment are refused. Set when an account is disabled, so enabling
-- it again does not revive old (possibly stolen) sessions.
ALTER TABLE "users" ADD COLUMN "sessions_valid_from" TIMESTAMP(3);
