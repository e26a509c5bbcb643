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
from .formulas import COUNT_FIELDS, METHOD, OUTCOME_CODES, figures_from_counts, pooled

CACHE_SECONDS = 24 * 3600
# Ten years of tables, as they are, without unpickling (read-only: see ombudsman.memo).
_memo = Memo(size=12)
# The fields compared between published and live figures to find revisions.
REVISABLE = (*COUNT_FIELDS, "population")


def live_year_table(year: ReportingYear) -> dict:
    """The year's figures from the decisions as they are now (five grouped queries)."""
    decisions = queries.decision_counts(year)
    received = queries.received_counts(year)
    compliance = queries.compliance_counts(year)
    population = queries.populations(year)
    empty_decisions = {
        "decisions": 0,
        "outcomes": dict.fromkeys(OUTCOME_CODES, 0),
        "investigations": 0,
        "upheld": 0,
        "not_upheld": 0,
        "satisfactory_remedies": 0,
    }
    rows = []
    for council in queries.councils_of_year(year):
        pk = council["id"]
        made = decisions.get(pk, empty_decisions)
        statuses = compliance.get(pk, {})
        counts = {
            **made,
            "complaints_received": received.get(pk, 0),
            "complied": statuses.get("complied", 0),
            "complied_late": statuses.get("complied_late", 0),
            "not_complied": statuses.get("not_complied", 0),
            "population": population.get(pk),
        }
        counts["compliance_outcomes"] = (
            counts["complied"] + counts["complied_late"] + counts["not_complied"]
        )
        figures = figures_from_counts(counts)
        rows.append(
            {
                "gss_code": council["gss_code"],
                "name": council["short_name"],
                "official_name": council["name"],
                "slug": council["slug"],
                "authority_type": council["authority_type"],
                "region": council["region"],
                "year": year.label,
                **figures,
                "outcomes": made["outcomes"],
            }
        )
    by_type = {
        value: {
            "authority_type": value,
            "label": str(label),
            **pooled(r for r in rows if r["authority_type"] == value),
        }
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
