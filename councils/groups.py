"""The ready-made groups a council can be compared with, in one click: the councils bordering it,
the councils of its type in its region, and its county with the county's districts.

A comparison holds at most `COMPARE_MAX` councils: six lines are as many as one chart keeps
apart (six colours and six marker shapes), and six councils with their averages are as many
columns as a table can show on a phone. A larger group is not cut arbitrarily: the council
itself comes first, then the others nearest to it (neighbours by the length of border they
share, longest first; the others by the distance between their label points), and the first
six are taken. The group says how many it has in all, and the compare page names the rest so
that a reader can swap one in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ombudsman.years import ReportingYear

from .adjacency import council_neighbours
from .models import Council
from .querysets import TYPE_PLURAL, AuthorityType

COMPARE_MAX = 6
COMPARE_MIN = 2
# What a group reads of each council: no boundaries (tens of kilobytes each).
FIELDS = ("gss_code", "short_name", "name", "slug", "authority_type", "region", "county_id")


@dataclass(frozen=True)
class CouncilGroup:
    key: str  # "neighbours", "region" or "county"
    title: str
    councils: list[Council]  # the first COMPARE_MAX, this council first
    others: list[Council] = field(default_factory=list)  # the rest of the group

    @property
    def total(self) -> int:
        return len(self.councils) + len(self.others)

    @property
    def slugs(self) -> str:
        return ",".join(c.slug for c in self.councils)


def _distance(a: Council, b: Council) -> float:
    if None in (a.label_lat, a.label_lon, b.label_lat, b.label_lon):
        return math.inf
    shrink = math.cos(math.radians(a.label_lat))
    return math.hypot((a.label_lon - b.label_lon) * shrink, a.label_lat - b.label_lat)


def _group(key: str, title: str, council: Council, others: list[Council]) -> CouncilGroup | None:
    if not others:
        return None
    members = [council, *others]
    return CouncilGroup(
        key=key,
        title=title,
        councils=members[:COMPARE_MAX],
        others=members[COMPARE_MAX:],
    )


def _nearest(council: Council, others) -> list[Council]:
    return sorted(others, key=lambda c: (_distance(council, c), c.short_name))


def council_groups(*, council: Council, year: ReportingYear) -> list[CouncilGroup]:
    """The groups of `council` among the councils of `year` (none if it did not exist then)."""
    if not council.exists_in(year):
        return []
    active = Council.objects.active_in(year).only(*FIELDS, "label_lat", "label_lon")
    groups = []

    codes = council_neighbours(gss_code=council.gss_code, year=year)
    by_code = {c.gss_code: c for c in active.filter(gss_code__in=codes)}
    neighbours = [by_code[code] for code in codes if code in by_code]
    groups.append(
        _group("neighbours", f"{council.short_name} and its neighbours", council, neighbours)
    )

    if council.region:
        same = active.filter(authority_type=council.authority_type, region=council.region)
        groups.append(
            _group(
                "region",
                f"{TYPE_PLURAL[council.authority_type].capitalize()} in {council.region}",
                council,
                _nearest(council, same.exclude(pk=council.pk)),
            )
        )

    if council.authority_type == AuthorityType.COUNTY:
        county = council
    elif council.authority_type == AuthorityType.DISTRICT and council.county_id:
        county = active.filter(pk=council.county_id).first()
    else:
        county = None
    if county is not None:
        districts = _nearest(council, active.filter(county=county).exclude(pk=council.pk))
        others = districts if county.pk == council.pk else [county, *districts]
        groups.append(_group("county", f"{county.short_name} and its districts", council, others))
    return [group for group in groups if group is not None]
