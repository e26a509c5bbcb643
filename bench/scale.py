"""The decision rows at one and ten times the sample (about 94,000 and 940,000 decisions, the
sample generator's default six years at scales 1 and 10), each in a database of its own, and
their ratio: what does not read the per-council tallies must stay flat as the data grows. Both
databases are built first and then measured in turn, round after round (`ROUNDS`).

Part of `make bench`; `make bench-scale` runs it alone (a few minutes, most of them building
the 10x database).
"""

from __future__ import annotations

import json
import random
import signal
import statistics
import subprocess

from bench.config import PYTHON, ROOT, env_for
from bench.databases import common_words, database_drop, database_recreate
from bench.measure import Client, wrk_latency
from bench.server import gunicorn_start

SCALES = (("1x", 1), ("10x", 10))
TARGET_MS, TARGET_RATIO = 100, 1.5


def _rows_of(database: str) -> dict:
    done = subprocess.run(
        [PYTHON, "-m", "bench.scale_rows"],
        cwd=ROOT,
        env=env_for(database, DJANGO_SETTINGS_MODULE="bench.settings"),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# Searches under concurrent clients (wrk, ten connections), at 10x only: the p99 target.
SEARCHES = (("common word", "council"), ("rare word", "noise"), ("a council's name", "hertsmere"))
SEARCH_P99_MS = 150
SEARCH_PATHS = ("/api/decisions/?q=", "/decisions/?q=")
DIFFERENT_WORDS = 300


def _searches_under_load(database: str, record, log) -> None:
    log("searches under ten concurrent clients (gunicorn, wrk)")
    server, port = gunicorn_start(
        env_for(database, DJANGO_SETTINGS_MODULE="bench.settings", API_ANON_RATE="100000000/minute")
    )
    try:
        # The API's list, and the search page (ranked, with its filters' choices).
        for prefix, name, word in [(p, n, w) for p in SEARCH_PATHS for n, w in SEARCHES]:
            path = f"{prefix}{word}"
            # Warm: the first request after a change counts the matches (the cold rows say
            # what that costs), once in each of the two workers; a new connection for each of
            # eight requests reaches both (one connection is kept by one worker).
            for _ in range(8):
                Client("127.0.0.1", port).get(path)
            rps, p99 = wrk_latency(f"http://127.0.0.1:{port}{path}")
            record(
                f"{prefix} {name}, p99 of 10 clients, 10x",
                p99,
                "ms",
                SEARCH_P99_MS,
                note=f"warm; {rps:.0f} requests/s",
            )
        # Many readers searching for different things: the commonest words of the data, five
        # addresses each (five page sizes of the API's list, five pages of the search page), in
        # a shuffled order. Each word is counted once per worker; no address is asked twice by
        # a worker before 256 others (the store of kept lists) have pushed it out.
        words = common_words(database, DIFFERENT_WORDS)
        for prefix, vary in (("/api/decisions/", "page_size"), ("/decisions/", "page")):
            paths = [
                f"{prefix}?q={w}&{vary}={n * 10 if vary == 'page_size' else n}"
                for w in words
                for n in range(1, 6)
            ]
            random.Random(1).shuffle(paths)
            rps, p99 = wrk_latency(f"http://127.0.0.1:{port}/", seconds=20, paths=paths)
            record(
                f"{prefix}?q= {len(paths):,} different searches, p99 of 10 clients, 10x",
                p99,
                "ms",
                SEARCH_P99_MS,
                note=f"{len(words)} words, cold counts; {rps:.0f} requests/s",
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


# Rounds of the rows, the scales in turn (1x, 10x, then 10x, 1x, ...), each a median of its own:
# the row is the median of the rounds. Measured one scale after the other, a change in the
# other work on the machine between the two fell on one side of the ratio alone, and the rows
# over 1.5 moved from run to run (README, 3 December).
ROUNDS = 3


def _median_rounds(rounds: list[dict]) -> dict:
    rows = {
        row: {kind: statistics.median(r["rows"][row][kind] for r in rounds) for kind in kinds}
        for row, kinds in rounds[0]["rows"].items()
    }
    return {"decisions": rounds[0]["decisions"], "rows": rows}


def decision_rows(record, log, manage, vacuum) -> None:
    databases = {label: f"ombudsman_bench_{label}" for label, _ in SCALES}
    try:
        for label, scale in SCALES:
            database = databases[label]
            log(f"decision rows at {label}: database {database}, sample data at scale {scale}")
            database_recreate(database)
            manage(database, "migrate", "--noinput")
            manage(database, "loaddata", "fixtures/councils.json")
            manage(database, "generate_sample_data", "--scale", str(scale))
            vacuum(database)
        rounds = {label: [] for label in databases}
        for n in range(ROUNDS):
            order = list(databases) if n % 2 == 0 else list(reversed(databases))
            for label in order:
                log(f"decision rows at {label}, round {n + 1} of {ROUNDS}")
                rounds[label].append(_rows_of(databases[label]))
        measured = {label: _median_rounds(found) for label, found in rounds.items()}
        _searches_under_load(databases[SCALES[-1][0]], record, log)
    finally:
        for database in databases.values():
            database_drop(database)
    small, large = (measured[label] for label, _ in SCALES)
    for row, at_small in small["rows"].items():
        at_large = large["rows"][row]
        for kind in ("cold", "built", "warm"):
            ratio = at_large[kind] / at_small[kind]
            record(
                f"{row}, {kind}, 10x",
                at_large[kind],
                "ms",
                TARGET_RATIO,
                baseline=at_small[kind],
                ratio=ratio,
                passed=at_large[kind] < TARGET_MS and ratio <= TARGET_RATIO,
                note=f"baseline: 1x ({small['decisions']:,} decisions; 10x "
                f"{large['decisions']:,}); median of {ROUNDS} rounds; target: under "
                f"{TARGET_MS} ms at 10x and 10x/1x at most {TARGET_RATIO}",
            )


def main() -> int:
    from bench import run

    started = run.time.perf_counter()
    decision_rows(run.record, run.log, run.manage, run.vacuum)
    run.report(run.time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
