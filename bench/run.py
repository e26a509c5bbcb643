"""`make bench`: national-scale data in a PostgreSQL database of its own, then every measure of
the performance issue, each paired with a baseline measured in the same run where there is one.
Prints a table and writes bench/results.json. Takes three to five minutes on a 2-core machine.

Scale: the site's six reporting years with data (2019-20 to 2024-25) of sample decisions at
1.75 times national volume (~165,000 decisions, as the ten years at national volume gave before
the site's years began in 2019-20), 2.7 million synthetic postcodes in the ONSPD layout, and an
import file of 200,000 decisions and 150,000 recommendations.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2

from bench.config import DB, IMPORT_DB, PYTHON, ROOT, SERVER, env_for
from bench.databases import database_drop, database_recreate
from bench.server import gunicorn_start

results: list[dict] = []


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def record(name, value, unit, target, *, baseline=None, ratio=None, passed=None, note=""):
    if passed is None:
        passed = value <= target if ratio is None else ratio <= target
    results.append(
        {
            "measure": name,
            "value": round(value, 2),
            "unit": unit,
            "baseline": None if baseline is None else round(baseline, 2),
            "ratio": None if ratio is None else round(ratio, 3),
            "target": target,
            "pass": bool(passed),
            "note": note,
        }
    )


def manage(database: str, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env_for(database),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def vacuum(database: str) -> None:
    connection = psycopg2.connect(f"{SERVER}/{database}")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()


def main() -> int:
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="ombudsman-bench-"))
    server = None
    try:
        log(f"database {DB}: migrate, councils, six years of sample decisions")
        database_recreate(DB)
        manage(DB, "migrate", "--noinput")
        manage(DB, "loaddata", "fixtures/councils.json")
        manage(DB, "generate_sample_data", "--years", "2019-20:2024-25", "--scale", "1.75")

        os.environ.update(env_for(DB, DJANGO_SETTINGS_MODULE="bench.settings"))
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from bench import import_rows, suites

        suites.postcodes(work, record, log)
        vacuum(DB)
        static_root = work / "static"
        static_root.mkdir()
        suites.static_copy_of_map(static_root)  # before start: WhiteNoise indexes files then
        server, port = start_gunicorn(static_root)
        suites.http_measures(work, static_root, port, record, log)
        suites.stats(record, log)
        import_rows.imports(work, record, log, database_recreate, manage, IMPORT_DB)
        from bench.scale import decision_rows

        decision_rows(record, log, manage, vacuum)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        for name in (DB, IMPORT_DB):
            database_drop(name)
        shutil.rmtree(work, ignore_errors=True)
    report(time.perf_counter() - started)
    return 0


def start_gunicorn(static_root: Path) -> tuple[subprocess.Popen, int]:
    env = env_for(
        DB,
        DJANGO_SETTINGS_MODULE="bench.settings",
        BENCH_STATIC_ROOT=str(static_root),
        API_ANON_RATE="100000000/minute",
    )
    return gunicorn_start(env)


def report(seconds: float, *, name: str = "results.json", extra: dict | None = None) -> None:
    """Print the table of `results` and write them, with `extra`, to bench/`name`."""
    out = ROOT / "bench" / name
    document = {"seconds": round(seconds), "results": results, **(extra or {})}
    out.write_text(json.dumps(document, indent=2) + "\n")
    width = max(len(r["measure"]) for r in results)
    print()
    print(
        f"{'measure':<{width}}  {'value':>10}  {'baseline':>10}  {'ratio':>7}  "
        f"{'target':>10}  result"
    )
    for r in results:
        baseline = "" if r["baseline"] is None else f"{r['baseline']:.2f}"
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}"
        target = "–" if r["target"] is None else str(r["target"])
        result = "info" if r["target"] is None else ("pass" if r["pass"] else "MISS")
        print(
            f"{r['measure']:<{width}}  {r['value']:>8.2f} {r['unit']:<2} {baseline:>10}  "
            f"{ratio:>7}  {target:>10}  {result}"
        )
    targets = [r for r in results if r["target"] is not None]
    print(
        f"\n{sum(r['pass'] for r in targets)} of {len(targets)} pass; {seconds:.0f} s; "
        f"written to {out.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    sys.exit(main())
