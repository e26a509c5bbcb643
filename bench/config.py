"""The benchmark's settings, apart from bench/run.py: the suites import them, and importing
`bench.run` from a suite under `python -m bench.run` would load that module a second time (with
a second, empty list of results)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = "ombudsman_bench"
IMPORT_DB = "ombudsman_bench_import"
YEAR = "2022-23"  # the year the page and map measures ask for
POSTCODES = int(os.environ.get("BENCH_POSTCODES", "2700000"))
IMPORT_DECISIONS, IMPORT_RECOMMENDATIONS = 200_000, 150_000
PYTHON = sys.executable


def env_for(database: str, **extra) -> dict:
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{database}", "SAMPLE_DATA_NOTICE": "1"}
    env.update(extra)
    return env
