"""The benchmark's decision-import rows: the import of 200,000 decisions and 150,000
recommendations against the database floor, what PostgreSQL alone needs to store the same rows
as the import must, both measured in the same run. `python -m bench.import_rows` (`make
bench-import`) runs these rows alone, in about a minute; `make bench` runs them among the rest.

The floor is fair to the import, neither lighter nor heavier than what it must store:
- the rows are loaded with COPY (the fastest way into PostgreSQL; the import must get them in
  too), then put into the real tables with their indexes, a history row for each decision and
  recommendation, and the foreign keys checked (SET CONSTRAINTS, as the commit would);
- in a copy of the import's database made before either runs, so that neither finds the
  other's rows, or the dead rows a rolled-back insert leaves in the tables and their indexes;
- the tallies are not recounted in the floor: the import's recount counts against the import.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import psycopg2

from .config import IMPORT_DB, IMPORT_DECISIONS, IMPORT_RECOMMENDATIONS, PYTHON, SERVER, env_for
from .databases import database_copy, database_drop
from .measure import run_measured

FLOOR_TARGET = 1.5


def imports(work: Path, record, log, database_recreate, manage, name: str) -> None:
    from councils.models import Council

    from . import data

    log(
        f"import of {IMPORT_DECISIONS:,} decisions and {IMPORT_RECOMMENDATIONS:,} "
        "recommendations, against the database floor of the same rows"
    )
    database_recreate(name)
    manage(name, "migrate", "--noinput")
    manage(name, "loaddata", "fixtures/councils.json")
    floor_db = f"{name}_floor"
    database_copy(name, floor_db)
    connection = psycopg2.connect(f"{SERVER}/{name}")
    with connection, connection.cursor() as cursor:
        cursor.execute(
            f"SELECT gss_code, start_date, end_date FROM {Council._meta.db_table} ORDER BY id"
        )
        codes = cursor.fetchall()
    connection.close()
    decisions_csv, recommendations_csv = work / "decisions.csv", work / "recommendations.csv"
    data.decisions_write(
        decisions_csv,
        recommendations_csv,
        decisions=IMPORT_DECISIONS,
        recommendations=IMPORT_RECOMMENDATIONS,
        councils=codes,
    )
    try:
        copy_seconds = _copy_baseline(f"{SERVER}/{floor_db}", decisions_csv, recommendations_csv)
        sql_seconds = _database_floor(f"{SERVER}/{floor_db}")
    finally:
        database_drop(floor_db)
    floor_seconds = copy_seconds + sql_seconds
    env = env_for(name, IMPORT_ROOT=str(work / "imports"))
    command = [PYTHON, "-m", "bench.import_job", str(decisions_csv), str(recommendations_csv)]
    process_seconds, peak, output = run_measured(command, env)
    job = json.loads(output.strip().splitlines()[-1])
    seconds = job["seconds"]
    log(
        f"import {seconds:.2f} s in the worker ({process_seconds:.2f} s with the process's "
        f"start); floor {floor_seconds:.2f} s (COPY {copy_seconds:.2f} s + SQL "
        f"{sql_seconds:.2f} s)"
    )
    record(
        "import of 200k decisions + 150k recommendations",
        seconds,
        "s",
        90,
        note=f"as the task worker runs an upload; {process_seconds:.2f} s with the start of "
        "a process of its own",
    )
    record(
        "import against the database floor",
        seconds,
        "s",
        FLOOR_TARGET,
        baseline=floor_seconds,
        ratio=seconds / floor_seconds,
        note=f"target: at most {FLOOR_TARGET}x the floor row, measured in the same run",
    )
    record("peak memory, decision import", peak, "MB", 500)
    record(
        "database floor: the same rows with their history, SQL only",
        floor_seconds,
        "s",
        None,
        baseline=copy_seconds,
        ratio=floor_seconds / copy_seconds,
        passed=True,
        note=f"no target: COPY of the files ({copy_seconds:.2f} s), then the real tables, "
        f"indexes, a history row each and the foreign keys checked ({sql_seconds:.2f} s)",
    )
    record(
        "import against COPY of the same rows",
        seconds,
        "s",
        None,
        baseline=copy_seconds,
        ratio=seconds / copy_seconds,
        passed=True,
        note="no target: COPY stores no history, indexes or checks (see the floor row)",
    )


def _copy_baseline(dsn: str, decisions_csv: Path, recommendations_csv: Path) -> float:
    """Seconds for PostgreSQL COPY to load the same two files into tables of the same columns."""
    connection = psycopg2.connect(dsn)
    with connection, connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_copy_decisions (reference varchar(11) PRIMARY KEY, council "
            "varchar(120), received_date date, decision_date date, category varchar(80), "
            "subcategory varchar(120), outcome varchar(40), remedied_by_authority boolean, "
            "report_type varchar(10), summary text);"
            "CREATE TABLE bench_copy_recommendations (id bigserial PRIMARY KEY, "
            "decision_reference varchar(11), kind varchar(24), description text, amount "
            "numeric(10,2), due_date date, status varchar(16), outcome_date date)"
        )
    start = time.perf_counter()
    with connection, connection.cursor() as cursor:
        with decisions_csv.open() as handle:
            cursor.copy_expert(
                "COPY bench_copy_decisions FROM STDIN WITH (FORMAT csv, HEADER true)", handle
            )
        with recommendations_csv.open() as handle:
            cursor.copy_expert(
                "COPY bench_copy_recommendations (decision_reference, kind, description, amount, "
                "due_date, status, outcome_date) FROM STDIN WITH (FORMAT csv, HEADER true)",
                handle,
            )
    seconds = time.perf_counter() - start
    connection.close()
    return seconds


def _database_floor(dsn: str) -> float:
    """Seconds PostgreSQL needs, with no Python in the way, to put the rows `_copy_baseline`
    loaded into the real tables as any import must: decisions and recommendations with their
    indexes, a history row for each, and the foreign keys checked. Rolled back afterwards."""
    from django.contrib.auth import get_user_model

    from councils.models import Council
    from decisions.models import Decision, Recommendation

    decision_columns = [
        "reference", "council_id", "category", "subcategory", "received_date", "decision_date",
        "outcome", "remedied_by_authority", "report_type", "summary", "published_on", "is_sample",
    ]  # fmt: skip
    recommendation_columns = [
        "decision_id", "kind", "description", "amount", "due_date", "status", "outcome_date",
    ]  # fmt: skip
    # As an upload's: every history row names the member of staff (a foreign key checked too).
    audit = "now(), 'Imported from decisions.csv', %(user)s, '+'"
    history_columns = "history_date, history_change_reason, history_user_id, history_type"
    decisions = Decision._meta.db_table
    recommendations = Recommendation._meta.db_table
    councils = Council._meta.db_table

    def history(model, columns: list[str]) -> str:
        listed = ", ".join(columns)
        return (
            f"INSERT INTO {model.history.model._meta.db_table} (id, {listed}, {history_columns}) "
            f"SELECT id, {listed}, {audit} FROM {model._meta.db_table}"
        )

    users = get_user_model()._meta.db_table

    connection = psycopg2.connect(dsn)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {users} (password, is_superuser, username, first_name, last_name, "
                "email, is_staff, is_active, date_joined) VALUES ('!', true, 'bench-floor', '', "
                "'', '', true, true, now()) RETURNING id"
            )
            user = {"user": cursor.fetchone()[0]}
            start = time.perf_counter()
            cursor.execute(
                f"INSERT INTO {decisions} ({', '.join(decision_columns)}) "
                "SELECT b.reference, c.id, b.category, coalesce(b.subcategory, ''), "
                "b.received_date, b.decision_date, b.outcome, b.remedied_by_authority, "
                "b.report_type, coalesce(b.summary, ''), b.decision_date + 28, false "
                f"FROM bench_copy_decisions b JOIN {councils} c ON c.gss_code = b.council"
            )
            cursor.execute(history(Decision, decision_columns), user)
            cursor.execute(
                f"INSERT INTO {recommendations} ({', '.join(recommendation_columns)}) "
                "SELECT d.id, r.kind, r.description, r.amount, r.due_date, r.status, "
                f"r.outcome_date FROM bench_copy_recommendations r JOIN {decisions} d "
                "ON d.reference = r.decision_reference ORDER BY r.id"
            )
            cursor.execute(history(Recommendation, recommendation_columns), user)
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the checks a commit would make
            seconds = time.perf_counter() - start
        connection.rollback()
    finally:
        connection.close()
    return seconds


def main() -> int:
    """These rows alone, in databases of their own (dropped afterwards)."""
    import shutil
    import tempfile

    from .databases import database_recreate
    from .run import log, manage, record, report

    started = time.perf_counter()
    os.environ.update(env_for(IMPORT_DB, DJANGO_SETTINGS_MODULE="bench.settings"))
    import django

    django.setup()
    work = Path(tempfile.mkdtemp(prefix="ombudsman-bench-import-"))
    try:
        imports(work, record, log, database_recreate, manage, IMPORT_DB)
    finally:
        database_drop(IMPORT_DB)
        shutil.rmtree(work, ignore_errors=True)
    report(time.perf_counter() - started, name="import-results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
