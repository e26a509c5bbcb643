"""The benchmark's measures, grouped by what they need. Each calls `record` once per row."""

from __future__ import annotations

import csv
import random
import statistics
import time
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from councils.models import Council, Postcode
from decisions.models import Decision
from decisions.statistics import live_year_table
from ombudsman.dataversion import LOCAL_SECONDS, data_changed
from ombudsman.years import ReportingYear

from . import config, data
from .map_measures import map_page_measures
from .measure import Client, median_ms, record_share, run_measured, wrk_rps

ROOT = Path(__file__).resolve().parent.parent
YEAR = ReportingYear.parse(config.YEAR)


def postcodes(work: Path, record, log) -> None:
    from bench.config import DB, POSTCODES, PYTHON, env_for

    anchors = [
        (float(row["lat"]), float(row["long"]))
        for row in csv.DictReader((ROOT / "fixtures" / "postcodes.csv").open())
    ]
    path = data.postcodes_write(work / "onspd.csv", rows=POSTCODES, anchors=anchors)
    log(f"import {POSTCODES:,} postcodes ({path.stat().st_size / 1e6:.0f} MB)")
    seconds, peak, _ = run_measured(
        [PYTHON, "manage.py", "import_postcodes", str(path)], env_for(DB)
    )
    record("import of 2.7 M postcodes", seconds, "s", 180)
    record("peak memory, postcode import", peak, "MB", 500)
    path.unlink()


def static_copy_of_map(static_root: Path) -> None:
    """The map's bytes, as the API will serve them, as a static file (and its .gz) for the
    throughput baseline."""
    from decisions.mapdata import map_payload

    payload = map_payload(year=YEAR, tier="lower")
    (static_root / "map.json").write_bytes(payload.body)
    (static_root / "map.json.gz").write_bytes(payload.gzipped)


def http_measures(work: Path, static_root: Path, port: int, record, log) -> None:
    client = Client("127.0.0.1", port)
    url = f"/api/map/?year={YEAR.label}&tier=lower"
    status, body, _ = client.get(url)
    _, zipped, headers = client.get(url, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    record("/api/map/ payload, raw", len(body) / 1000, "KB", 450)  # as tests/test_map_payload.py
    record("/api/map/ payload, gzip", len(zipped) / 1000, "KB", 120)

    # The same bytes as a static file through the same gunicorn + WhiteNoise stack.
    if (static_root / "map.json").read_bytes() != body:
        raise RuntimeError("the static copy of the map differs from what the API serves")
    log("map throughput against the same bytes as a static file (wrk)")
    for _ in range(4):  # warm both workers' caches
        client.get(url, {"Accept-Encoding": "gzip"})
    base = f"http://127.0.0.1:{port}"
    map_rps, static_rps = [], []
    for _ in range(3):
        map_rps.append(wrk_rps(base + url))
        static_rps.append(wrk_rps(base + "/map.json"))
    value, baseline = statistics.median(map_rps), statistics.median(static_rps)
    record_share(record, "/api/map/ warm, requests/s", value, baseline, "the static file's rate")

    def changed():
        # The servers read the data version at most once a second (ombudsman.dataversion).
        data_changed()
        time.sleep(LOCAL_SECONDS + 0.1)

    def cold_map():
        changed()
        return client.timed(url, {"Accept-Encoding": "gzip"})

    record(
        "/api/map/ cold, server time", statistics.median([cold_map() for _ in range(5)]), "ms", 300
    )
    map_page_measures(client, base, record, log, changed=changed, static_rps=baseline)

    council = Council.objects.get(gss_code="E07000098")
    page = council.get_absolute_url()
    api = f"/api/councils/{council.gss_code}/statistics/"
    pages = (("council page", page), ("/api/councils/{code}/statistics/", api))

    def cold(path):
        times = []
        for _ in range(5):
            changed()
            times.append(client.timed(path))
        return statistics.median(times)

    for name, path in pages:
        record(f"{name}, cold", cold(path), "ms", 100)
        record(f"{name}, warm", median_ms(lambda p=path: client.timed(p)), "ms", 100)
    # As the site will mostly be: every finished year published, so each year's table is the
    # frozen figures with the live ones beside them for revisions.
    from decisions.services.publishing import statistics_publish

    for start in range(2019, 2024):
        statistics_publish(year=ReportingYear(start))
    for name, path in pages:
        record(f"{name}, cold, five years published", cold(path), "ms", 100)

    listing = f"/api/decisions/?council={council.gss_code}&year={YEAR.label}"
    _, first, _ = client.get(listing)
    import json

    count = json.loads(first)["count"]
    last_page = max(1, -(-count // 50))
    record("/api/decisions/ first page", median_ms(lambda: client.timed(listing)), "ms", 100)
    record(
        "/api/decisions/ last page",
        median_ms(lambda: client.timed(f"{listing}&page={last_page}")),
        "ms",
        100,
    )

    codes = list(Postcode.objects.order_by("?").values_list("postcode", flat=True)[:50])
    client.get(f"/api/lookup/?postcode={codes[0]}")  # builds the point index
    rng = random.Random(5)

    def lookup():
        status, _, _ = client.get(f"/api/lookup/?postcode={rng.choice(codes)}")
        if status not in (200, 404):
            raise RuntimeError(f"lookup answered {status}")

    record(
        f"postcode lookup, {Postcode.objects.count() / 1e6:.1f} M postcodes",
        median_ms(lookup, repeat=50),
        "ms",
        10,
    )


def stats(record, log) -> None:
    log("statistics of all councils for a year against a bare count(*)")
    count = median_ms(lambda: Decision.objects.in_year(YEAR).count(), repeat=15)
    table = median_ms(lambda: live_year_table(YEAR), repeat=15)
    record(
        "statistics of all councils, one year",
        table,
        "ms",
        3,
        baseline=count,
        ratio=table / count,
        note="target: at most 3x a bare count(*) of the year",
    )
    with CaptureQueriesContext(connection) as queries:
        live_year_table(YEAR)
    record("statistics queries per year", len(queries), "", 8)
