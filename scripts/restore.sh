#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into a database, in one transaction: either the
# whole backup lands or nothing does.
#
#   scripts/restore.sh FILE [DATABASE_URL]     (default: $DATABASE_URL)
#
# The target must be an empty database (e.g. `createdb arena_restored`); the script refuses to
# restore over existing tables so a mistyped URL cannot mix two datasets.
set -euo pipefail

file="${1:-}"
url="${2:-${DATABASE_URL:-}}"
if [ -z "$file" ] || [ -z "$url" ]; then
  echo "usage: scripts/restore.sh FILE DATABASE_URL  (or set DATABASE_URL)" >&2
  exit 2
fi
[ -f "$file" ] || { echo "No such backup file: $file" >&2; exit 2; }
command -v pg_restore >/dev/null || { echo "pg_restore not found: install the PostgreSQL client (apt-get install postgresql-client)" >&2; exit 2; }

tables=$(psql "$url" -Atqc "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
if [ "$tables" != "0" ]; then
  echo "Refusing to restore: the target database already has $tables tables in schema public. Restore into an empty database." >&2
  exit 1
fi

# The public schema already exists in a new database; everything else is created from the dump.
pg_restore --dbname="$url" --no-owner --no-privileges --single-transaction --exit-on-error \
  --use-list=<(pg_restore --list "$file" | grep -v -E '^[0-9]+; [0-9]+ [0-9]+ SCHEMA - public ') "$file"
echo "Restored $file into the database ($(psql "$url" -Atqc "SELECT count(*) FROM votes") votes)."
