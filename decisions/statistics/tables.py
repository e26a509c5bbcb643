"""A reporting year's figures for every council, with the pooled averages: computed live from the
grouped queries, cached per data version, and replaced by the frozen figures once staff publish
the year (with any later change shown as a revision)."""

from __future__ import annotations

import copy

from councils.querysets import AuthorityType
from ombudsman.dataversion import data_version
from ombudsman.memo import Memo
from ombudsman.years import ReportingYear

from . import queries
from .formulas import COUNT_FIELDS, METHOD, figures_from_counts, pooled

CACHE_SECONDS = 24 * 3600
# Ten years of tables, as they are, without unpickling (read-only: see ombudsman.memo).
_memo = Memo(size=16)
# The fields compared between published and live figures to find revisions.
REVISABLE = (*COUNT_FIELDS, "population")


def live_year_table(year: ReportingYear) -> dict:
    """The year's figures from the decisions as they are now (one query)."""
    rows = []
    groups: dict[str, list] = {value: [] for value in AuthorityType.values}
    for council, counts in queries.year_rows(year):
        _, gss_code, official_name, name, slug, authority_type, region = council  # COUNCIL_COLUMNS
        row = {
            "gss_code": gss_code,
            "name": name,
            "official_name": official_name,
            "slug": slug,
            "authority_type": authority_type,
            "region": region,
            "year": year.label,
            **figures_from_counts(counts),
            "outcomes": counts["outcomes"],
        }
        rows.append(row)
        groups[row["authority_type"]].append(row)
    by_type = {
        value: {"authority_type": value, "label": str(label), **pooled(groups[value])}
        for value, label in AuthorityType.choices
    }
    england = {"authority_type": None, "label": "England", **pooled(rows)}
    return {
        "year": year.label,
        "status": "provisional",
        "published_at": None,
        "method": METHOD,
        "councils": rows,
        "averages": by_type,
        "england": england,
    }


def _with_revisions(published: dict, live: dict, published_at: str) -> dict:
    """The published figures, each row carrying `revision`: the live values of the counts that
    changed since publication (None when nothing did)."""
    table = copy.deepcopy(published)
    table["status"] = "published"
    table["published_at"] = published_at
    live_rows = {row["gss_code"]: row for row in live["councils"]}
    for row in table["councils"]:
        now = live_rows.get(row["gss_code"])
        row["revision"] = _revision(row, now) if now else None
    for key, average in table["averages"].items():
        average["revision"] = _revision(average, live["averages"][key])
    table["england"]["revision"] = _revision(table["england"], live["england"])
    return table


def _revision(published: dict, live: dict) -> dict | None:
    if all(published.get(f) == live.get(f) for f in REVISABLE):
        return None
    keys = (
        *REVISABLE,
        "upheld_rate",
        "satisfactory_remedy_rate",
        "compliance_rate",
        "complied_late_rate",
        "upheld_per_100k",
    )
    return {key: live.get(key) for key in keys}


def year_table(year: ReportingYear) -> dict:
    """The figures the site shows for a year: published (frozen, with revisions) or live.

    Cached under the data version, so any change to decisions, recommendations, populations,
    councils or snapshots is visible on the next request in every process.
    """
    from decisions.models import StatisticsSnapshot

    def compute() -> dict:
        live = live_year_table(year)
        snapshot = None
        if year.start_year in published_years():
            snapshot = (
                StatisticsSnapshot.objects.filter(year=year.start_year)
                .values("figures", "published_at")
                .first()
            )
        if snapshot:
            return _with_revisions(snapshot["figures"], live, snapshot["published_at"].isoformat())
        for row in [*live["councils"], *live["averages"].values(), live["england"]]:
            row["revision"] = None
        return live

    key = f"stats:year:{data_version()}:{year.start_year}"
    return _memo.get_or_compute(key, compute, seconds=CACHE_SECONDS)


def published_years() -> frozenset[int]:
    """The start years of the published years: one query per data version for all of them, not
    one per year table (a council page shows ten)."""
    from decisions.models import StatisticsSnapshot

    def compute() -> frozenset[int]:
        return frozenset(StatisticsSnapshot.objects.values_list("year", flat=True))

    return _memo.get_or_compute(f"stats:published:{data_version()}", compute, seconds=CACHE_SECONDS)
