"""The map page's measures: its two downloads, the figures (asked for on every visit and
revalidated) and the boundary file they name (kept by browsers)."""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time

from .config import YEAR as YEAR_LABEL
from .measure import median_ms, record_share, wrk_rps


def map_page_measures(client, base: str, record, log, *, changed, static_rps: float) -> None:
    """The figures and the boundary file (/api/map/, measured in suites.http_measures, is for
    API users)."""
    url = f"/api/map/figures/?year={YEAR_LABEL}&tier=lower"
    status, zipped, headers = client.get(url, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    # 17.5 KB since each mapped rate carries its 95% interval (tests/test_map_payload.py).
    record("/api/map/figures/ payload, gzip", len(zipped) / 1000, "KB", 17.5)
    if "max-age" in headers.get("Cache-Control", "") or not headers.get("ETag"):
        raise RuntimeError(f"the figures must be revalidated: {headers}")

    boundaries = json.loads(gzip.decompress(zipped))["boundaries"]
    status, geometry, found = client.get(boundaries, {"Accept-Encoding": "gzip"})
    assert status == 200 and found.get("Content-Encoding") == "gzip"
    record(
        "map boundary file, gzip",
        len(geometry) / 1000,
        "KB",
        70,
        note="downloaded once per tier and set of councils: its URL names its bytes",
    )
    control = found.get("Cache-Control", "")
    days = int(re.search(r"max-age=(\d+)", control)[1]) / 86400 if "max-age" in control else 0
    record(
        "map boundary file, cached for",
        days,
        "d",
        365,
        passed="immutable" in control and days >= 365,
        note="target: immutable, a year (a browser does not even revalidate it)",
    )

    # What a returning reader's browser sends for the figures: a conditional GET.
    tag = {"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]}

    def revalidated() -> float:
        start = time.perf_counter()
        status, _, _ = client.get(url, tag)
        if status != 304:
            raise RuntimeError(f"the figures' revalidation answered {status}")
        return (time.perf_counter() - start) * 1000

    record("/api/map/figures/ warm 304, server time", median_ms(revalidated), "ms", 10)
    log("figures revalidation throughput against the static file (wrk)")
    for _ in range(4):  # every worker has read the data version
        client.get(url, tag)
    rps = statistics.median(
        wrk_rps(base + url, headers=(f"If-None-Match: {headers['ETag']}",)) for _ in range(3)
    )
    record_share(
        record,
        "/api/map/figures/ warm 304, requests/s",
        rps,
        static_rps,
        "the static copy of /api/map/'s rate",
    )

    def cold() -> float:
        changed()  # new figures, and the boundary file rebuilt to learn its digest (unchanged)
        return client.timed(url, {"Accept-Encoding": "gzip"})

    cold_ms = statistics.median([cold() for _ in range(5)])
    record("/api/map/figures/ cold, server time", cold_ms, "ms", 300)
    _, unchanged, _ = client.get(url, {"Accept-Encoding": "gzip"})
    if json.loads(gzip.decompress(unchanged))["boundaries"] != boundaries:
        raise RuntimeError("a change to the figures alone changed the boundary file's URL")
