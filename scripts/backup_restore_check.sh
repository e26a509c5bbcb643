#!/usr/bin/env bash
# Backup and restore of the PostgreSQL database, tried end to end: make a database with the real
# councils and a year of sample data, dump it with pg_dump (custom format), restore it with
# pg_restore into a second database, and compare every table's row count and the statistics.
# Usage: scripts/backup_restore_check.sh   (server from PGURL, default postgres@127.0.0.1:5432)
set -euo pipefail
cd "$(dirname "$0")/.."
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
SOURCE=ombudsman_backup_source
TARGET=ombudsman_backup_restored
DUMP=$(mktemp --suffix=.dump)
PY=.venv/bin/python
trap 'rm -f "$DUMP"; psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $SOURCE WITH (FORCE)" -c "DROP DATABASE IF EXISTS $TARGET WITH (FORCE)" >/dev/null 2>&1 || true' EXIT

psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $SOURCE WITH (FORCE)" -c "CREATE DATABASE $SOURCE"
psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $TARGET WITH (FORCE)" -c "CREATE DATABASE $TARGET"
export DATABASE_URL="$PGURL/$SOURCE"
$PY manage.py migrate --noinput -v0
$PY manage.py loaddata fixtures/councils.json -v0
$PY manage.py generate_sample_data --years 2022-23 --scale 0.2 -v0

# The backup, as an operator would take it ...
pg_dump --format=custom --no-owner --file "$DUMP" "$PGURL/$SOURCE"
# ... and the restore into an empty database.
pg_restore --no-owner --exit-on-error --dbname "$PGURL/$TARGET" "$DUMP"

counts() {
  psql -At "$PGURL/$1" -c "SELECT string_agg(relname || '=' || n, ',' ORDER BY relname) FROM (
    SELECT c.relname, (xpath('/row/n/text()', query_to_xml('SELECT count(*) AS n FROM ' || quote_ident(c.relname), false, true, '')))[1]::text::int AS n
    FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
    WHERE s.nspname = 'public' AND c.relkind = 'r') t"
}
figures() {
  DATABASE_URL="$PGURL/$1" $PY -c "
import django, os, json
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'ombudsman.settings.local')
django.setup()
from decisions.statistics import live_year_table
from ombudsman.years import ReportingYear
print(json.dumps(live_year_table(ReportingYear(2022))['england'], sort_keys=True))"
}
[ "$(counts $SOURCE)" = "$(counts $TARGET)" ] || { echo "row counts differ after restore"; exit 1; }
[ "$(figures $SOURCE)" = "$(figures $TARGET)" ] || { echo "figures differ after restore"; exit 1; }
echo "backup and restore: $(counts $TARGET | tr ',' '\n' | wc -l) tables, row counts and figures identical ($(du -h "$DUMP" | cut -f1) dump)"
