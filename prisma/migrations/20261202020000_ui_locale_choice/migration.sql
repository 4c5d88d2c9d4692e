-- A user's UI language is NULL until they choose one with the language switcher, so signing in on a new
-- device applies a real choice and never a default. Stored 'en' was the default for everyone and cannot
-- be told apart from a choice: it becomes NULL (those users get their browser's language until they choose).
ALTER TABLE "users" ALTER COLUMN "ui_locale" DROP NOT NULL, ALTER COLUMN "ui_locale" DROP DEFAULT;
UPDATE "users" SET "ui_locale" = NULL WHERE "ui_locale" = 'en';
