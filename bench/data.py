"""Synthetic national-scale input files for the benchmark: a postcode directory in the ONSPD
layout and a decision/recommendation pair in the import layout. Deterministic (seeded)."""

from __future__ import annotations

import csv
import datetime as dt
import random
import string
from pathlib import Path

from decisions.choices import ComplianceStatus, Outcome, RecommendationKind
from decisions.services.imports.layout import DECISION_HEADER, RECOMMENDATION_HEADER

LETTERS = string.ascii_uppercase


def postcodes_write(path: Path, *, rows: int, anchors: list[tuple[float, float]], seed: int = 7):
    """`rows` unique postcodes near real ones (so most fall inside an English council), with the
    ONSPD's own column names and a few of its other columns."""
    rng = random.Random(seed)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["pcd", "pcd2", "pcds", "dointr", "doterm", "oslaua", "lat", "long"])
        for n in range(rows):
            area = LETTERS[n % 26] + LETTERS[(n // 26) % 26]
            district = (n // 676) % 99 + 1
            sector = (n // 66924) % 10
            unit = LETTERS[(n // 669240) % 26] + LETTERS[(n // 17400240) % 26 + 0]
            code = f"{area}{district} {sector}{unit}"
            lat, lon = anchors[n % len(anchors)]
            writer.writerow(
                [
                    code.replace(" ", ""),
                    code,
                    code,
                    "198001",
                    "",
                    "E99999999",
                    f"{lat + rng.uniform(-0.01, 0.01):.6f}",
                    f"{lon + rng.uniform(-0.01, 0.01):.6f}",
                ]
            )
    return path


OUTCOMES = [o.value for o in Outcome]
WEIGHTS = [0.28, 0.07, 0.4, 0.17, 0.03, 0.05]
KINDS = [k.value for k in RecommendationKind]


def _council_on(rng: random.Random, councils, first: dt.date, last: dt.date) -> str:
    for _ in range(1000):
        code, start, end = rng.choice(councils)
        if (start is None or start <= first) and (end is None or end >= last):
            return code
    raise ValueError(f"no council existed from {first} to {last}")


def decisions_write(
    decisions_path: Path,
    recommendations_path: Path,
    *,
    decisions: int,
    recommendations: int,
    councils: list[tuple[str, dt.date | None, dt.date | None]],
    seed: int = 11,
) -> None:
    """Valid decision rows spread over the site's years (from 1 April 2019 to mid-2026), and
    recommendations on the upheld ones. `councils` are (GSS code, start date, end date): each
    case goes to a council that existed from its decision until its compliance outcome is
    recorded, so every row obeys the reorganisation rule as it stands."""
    rng = random.Random(seed)
    upheld: list[tuple[str, dt.date]] = []
    start = dt.date(2019, 4, 1)
    with decisions_path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        # The import layout without published_on (the importer's default applies) or sample.
        writer.writerow([c for c in DECISION_HEADER if c not in ("published_on", "sample")])
        for n in range(decisions):
            received = start + dt.timedelta(days=rng.randrange(2400))
            decided = received + dt.timedelta(days=rng.randrange(5, 200))
            # The last day a recommendation's outcome may be recorded (due + 10, see below).
            council = _council_on(rng, councils, decided, decided + dt.timedelta(days=40))
            outcome = rng.choices(OUTCOMES, WEIGHTS)[0]
            reference = f"{received.year % 100:02d} {n // 1000 % 1000:03d} {n % 1000:03d}"
            if n >= 1_000_000:
                raise ValueError("too many decisions for unique references")
            remedied = outcome == "upheld" and rng.random() < 0.12
            if outcome == "upheld":
                upheld.append((reference, decided))
            writer.writerow(
                [
                    reference,
                    council,
                    received.isoformat(),
                    decided.isoformat(),
                    "Housing",
                    "Allocations",
                    outcome,
                    "yes" if remedied else "no",
                    "statement",
                    "Synthetic benchmark case.",
                ]
            )
    with recommendations_path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(RECOMMENDATION_HEADER)
        for n in range(recommendations):
            reference, decided = upheld[n % len(upheld)]
            due = decided + dt.timedelta(days=30)
            status = rng.choice([s.value for s in ComplianceStatus])
            recorded = "" if status == "pending" else (due + dt.timedelta(days=10)).isoformat()
            kind = rng.choice(KINDS)
            amount = "150" if kind == "financial_redress" else ""
            writer.writerow(
                [
                    reference,
                    kind,
                    "Synthetic benchmark remedy.",
                    amount,
                    due.isoformat(),
                    status,
                    recorded,
                ]
            )
