#!/usr/bin/env bash
# Backs up the app's data: a pg_dump of the public schema (all tables, including the migration
# history) in custom format, which pg_restore can restore selectively and in parallel.
#
#   scripts/backup.sh [DATABASE_URL] [FILE]    (defaults: $DATABASE_URL, arena-YYYYmmdd-HHMMSS.dump)
#
# The dump is a consistent snapshot (one transaction) taken while the app keeps serving.
set -euo pipefail

url="${1:-${DATABASE_URL:-}}"
file="${2:-arena-$(date -u +%Y%m%d-%H%M%S).dump}"
if [ -z "$url" ]; then
  echo "usage: scripts/backup.sh DATABASE_URL [FILE]  (or set DATABASE_URL)" >&2
  exit 2
fi
command -v pg_dump >/dev/null || { echo "pg_dump not found: install the PostgreSQL client (apt-get install postgresql-client)" >&2; exit 2; }

tmp="$file.partial"
trap 'rm -f "$tmp"' EXIT
pg_dump --dbname="$url" --format=custom --compress=6 --schema=public --no-owner --no-privileges --file="$tmp"
# Only a complete dump gets the final name, so a crash never leaves a truncated "backup".
mv "$tmp" "$file"
trap - EXIT
echo "Backup written to $file ($(du -h "$file" | cut -f1))"
