"""A reporting year's figures for every council, with the pooled averages: computed live from the
grouped queries, cached per data version, and replaced by the frozen figures once staff publish
the year (with any later change shown as a revision)."""

from __future__ import annotations

import datetime as dt

from councils.querysets import AuthorityType
from ombudsman.cache import Derived
from ombudsman.years import ReportingYear

from . import queries
from .figures import COUNT_FIELDS, RATES
from .formulas import METHOD, england_pooled, figures_from_counts, pooled
from .uncertainty import annotate, bound_fields

# Ten years of tables, as they are, without unpickling (read-only: see ombudsman.cache).
_tables = Derived("stats:year", size=16, shared=True)
_published = Derived("stats:published", size=2, shared=True)
# The fields compared between published and live figures to find revisions: every figure a
# published year shows, the outcome counts of the council page's outcome table included.
REVISABLE = (*COUNT_FIELDS, "population", "outcomes")


def live_year_table(year: ReportingYear) -> dict:
    """The year's figures from the decisions as they are now (one query)."""
    rows = []
    groups: dict[str, list] = {value: [] for value in AuthorityType.values}
    council_rows, unattributed = queries.year_rows(year)
    for council, counts in council_rows:
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
    england = {"authority_type": None, "label": "England", **england_pooled(rows, unattributed)}
    return {
        "year": year.label,
        "status": "provisional",
        "published_at": None,
        "method": METHOD,
        "councils": annotate(rows, groups),
        "averages": by_type,
        "england": england,
    }


def _with_revisions(published: dict, live: dict, published_at: str) -> dict:
    """The published figures, each row carrying `revision`: the live values of the counts that
    changed since publication (None when nothing did). `published` is not changed: the rows are
    copied one level deep (the memoised snapshot is shared, and read-only)."""
    live_rows = {row["gss_code"]: row for row in live["councils"]}
    councils = []
    for row in published["councils"]:
        now = live_rows.get(row["gss_code"])
        councils.append({**row, "revision": _revision(row, now) if now else None})
    return {
        **published,
        "status": "published",
        "published_at": published_at,
        "councils": councils,
        "averages": {
            key: {**average, "revision": _revision(average, live["averages"][key])}
            for key, average in published["averages"].items()
        },
        "england": {
            **published["england"],
            "revision": _revision(published["england"], live["england"]),
        },
    }


def _with_uncertainty(published: dict) -> dict:
    """A year published before its figures carried intervals gets them from its frozen counts
    and frozen averages' rows, as publishing would have stored them (the method is the same)."""
    rows = published["councils"]
    if not rows or bound_fields("upheld_rate")[0] in rows[0]:
        return published
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row["authority_type"], []).append(row)
    return {**published, "councils": annotate(rows, groups)}


def _revision(published: dict, live: dict) -> dict | None:
    if all(published.get(f) == live.get(f) for f in REVISABLE):
        return None
    return {key: live.get(key) for key in (*REVISABLE, *RATES)}


def year_table(year: ReportingYear) -> dict:
    """The figures the site shows for a year: published (frozen, with revisions) or live.

    Cached under the data version, so any change to decisions, recommendations, populations,
    councils or snapshots is visible on the next request in every process.
    """

    def compute() -> dict:
        live = live_year_table(year)
        published_at = published_years().get(year.start_year)
        published = _snapshot(year, published_at) if published_at else None
        if published is not None:
            return _with_revisions(_with_uncertainty(published), live, published_at)
        for row in [*live["councils"], *live["averages"].values(), live["england"]]:
            row["revision"] = None
        return live

    return _tables.get(year.start_year, compute=compute)


def published_years() -> dict[int, str]:
    """When each published year was published, by start year: one query per data version for
    all of them, not one per year table (a council page shows ten)."""
    from decisions.models import StatisticsSnapshot

    def compute() -> dict[int, str]:
        return {
            year: published_at.isoformat()
            for year, published_at in StatisticsSnapshot.objects.values_list("year", "published_at")
        }

    return _published.get(compute=compute)


def _snapshot(year: ReportingYear, published_at: str) -> dict | None:
    """The frozen figures of a published year, read and decoded once per process: they never
    change under the same publication time (publishing again gives a new one), so they outlive
    data versions. None if that publication is gone (another process may know it a second
    late). Read-only."""
    from decisions.models import StatisticsSnapshot

    def load() -> dict | None:
        return (
            StatisticsSnapshot.objects.filter(
                year=year.start_year, published_at=dt.datetime.fromisoformat(published_at)
            )
            .values_list("figures", flat=True)
            .first()
        )

    # The publication time as a number: an ISO time holds colons, which a key part may not.
    stamp = dt.datetime.fromisoformat(published_at).timestamp()
    return _snapshots.get(year.start_year, stamp, compute=load)


# Ten years of frozen figures (about 270 KB of JSON each, 3.5 ms to read and decode).
_snapshots = Derived("stats:snapshot", size=12, versioned=False)
