"""Reads about councils: name matching, point and postcode lookups."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch

from councils import geo
from councils.models import GSS_CODE_RE, Council, Postcode
from councils.names import name_key
from councils.querysets import AuthorityType
from ombudsman.cache import Derived
from ombudsman.years import ReportingYear

# Words that councils add to their names in ever-changing combinations ("Wirral Metropolitan
# Borough Council", "Colchester City Council"). Dropped only when a full name finds nothing.
_TITLE_WORDS = re.compile(
    r"\b(the|council|corporation|borough|city|county|district|metropolitan|royal|of|ua)\b"
)


def council_bare_key(key: str) -> str:
    """A name key without the title words ("london borough of camden" -> "london camden")."""
    return " ".join(_TITLE_WORDS.sub(" ", key).split())


@dataclass
class _Entry:
    council: Council
    level: int  # 0 official name, 1 short name, 2 alternative name, 3 bare name


@dataclass
class CouncilNameIndex:
    """Every council name in memory, for matching many names against one query's worth of data
    (the bulk decision import matches thousands of rows)."""

    by_gss: dict[str, Council] = field(default_factory=dict)
    by_key: dict[str, list[_Entry]] = field(default_factory=dict)
    by_bare: dict[str, list[_Entry]] = field(default_factory=dict)

    def add(self, council: Council) -> None:
        self.by_gss[council.gss_code] = council
        names = [(council.name, 0), (council.short_name, 1)]
        names += [(n, 2) for n in council.alt_name_list]
        for name, level in names:
            key = name_key(name)
            if key:
                self.by_key.setdefault(key, []).append(_Entry(council, level))
                bare = council_bare_key(key)
                if bare:
                    self.by_bare.setdefault(bare, []).append(_Entry(council, 3))

    def match(self, name: str, *, on: dt.date | None = None) -> Council | None:
        text = (name or "").strip()
        if re.match(GSS_CODE_RE, text.upper()):
            return self.by_gss.get(text.upper())
        key = name_key(text)
        entries = self.by_key.get(key) or self.by_bare.get(council_bare_key(key)) or []
        return _best(entries, on)


def _best(entries: list[_Entry], on: dt.date | None) -> Council | None:
    """The one council the entries point to, or None if they stay ambiguous.

    A name can belong to two councils (Somerset the county, abolished 2023, and Somerset the
    unitary). Those that existed on the date `on` win; then the best kind of match (official name
    over short name over alternative name); then a council still in existence.
    """
    if not entries:
        return None
    councils = {e.council.pk: e.council for e in entries}
    if on is not None:
        alive = {pk for pk, c in councils.items() if _exists_on(c, on)}
        if alive:
            entries = [e for e in entries if e.council.pk in alive]
    best_level = min(e.level for e in entries)
    best = {e.council.pk: e.council for e in entries if e.level == best_level}
    if len(best) > 1:
        current = {pk: c for pk, c in best.items() if c.end_date is None}
        best = current or best
    return next(iter(best.values())) if len(best) == 1 else None


def _exists_on(council: Council, day: dt.date) -> bool:
    return (council.start_date is None or council.start_date <= day) and (
        council.end_date is None or council.end_date >= day
    )


def council_name_index() -> CouncilNameIndex:
    index = CouncilNameIndex()
    fields = ("gss_code", "name", "short_name", "alt_names", "start_date", "end_date", "slug")
    for council in Council.objects.only(*fields):
        index.add(council)
    return index


def council_match_name(*, name: str, on: dt.date | None = None) -> Council | None:
    """The council a name or GSS code refers to, or None if none or several fit.

    Matches GSS codes, official, short and alternative names whatever their case, spacing,
    punctuation or "&"/"and"; failing that, the name without words like "Council", "Borough" or
    "City" ("Wirral Metropolitan Borough Council" finds Wirral). `on` (e.g. a decision date)
    settles names shared by a council and its successor. For many names, build
    `council_name_index()` once and call its `match`.
    """
    return council_name_index().match(name, on=on)


def councils_at_point(*, lat: float, lon: float, year: ReportingYear) -> list[Council]:
    """The councils of `year` whose area holds the point: lower tier first, then its county.

    That is a district and its county, or one unitary, metropolitan or London borough; [] at
    sea or outside England. A point just off a simplified coastline is given to the nearest
    council within `geo.SNAP_DEGREES` (see `councils.geo`).
    """
    ids = geo.boundary_index().councils_at(lon=lon, lat=lat, year=year)
    councils = _lookup_councils()
    found = [councils[pk] for pk in ids if pk in councils]
    return sorted(found, key=lambda c: c.authority_type == AuthorityType.COUNTY)


def councils_by_id() -> dict[int, Council]:
    """Every council by id, with its county and successors, without boundaries: shared and
    read-only (see `_lookup_councils`)."""
    return _lookup_councils()


def _lookup_councils() -> dict[int, Council]:
    """Every council as the lookup shows it (with its county and successors, without the
    boundaries), loaded once per data version and process like the point index itself: a lookup
    then asks the database only for the postcode. Read-only: shared between requests."""

    def load() -> dict[int, Council]:
        found = (
            Council.objects.defer(
                "boundary", "lookup_boundary", "county__boundary", "county__lookup_boundary"
            )
            .select_related("county")
            .prefetch_related(
                Prefetch("replaced_by", queryset=Council.objects.only("id", "gss_code"))
            )
        )
        return {council.pk: council for council in found}

    return _councils.get(compute=load)


_councils = Derived("lookup:councils", size=2)


def postcode_normalise(text: str) -> str:
    """Upper case without spaces: "wd6 1wa " -> "WD61WA", the form postcodes are stored in."""
    return "".join((text or "").split()).upper()


def postcode_find(*, postcode: str) -> Postcode | None:
    key = postcode_normalise(postcode)
    if not key:
        return None
    return Postcode.objects.filter(postcode=key).first()
