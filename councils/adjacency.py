"""Which councils border which, computed from the stored boundaries of a reporting year.

Who is compared with whom. England is drawn twice over (councils.querysets.TIER_TYPES): the
lower tier (districts with the single-tier councils) and the upper tier (counties with the same
single-tier councils). Two councils are neighbours when they share a border in either drawing.
So a district's neighbours are districts and single-tier councils, a county's are counties and
single-tier councils, and a single-tier council on a county's edge has both that county and
its districts. A district is never the neighbour of a county: one lies inside the other, or
they meet only where the county's border is also another district's. The relation is
symmetric by construction, and no council is its own neighbour.

Sharing a border, measured. The boundaries are simplified together so that neighbours keep
identical edges (councils.services.boundaries_import), but a file imported on its own, or a
future source, need not share exact vertices. Two councils therefore border when, within
`TOLERANCE` degrees of each other, the one's outline runs along the other's for at least
`MIN_SHARED` degrees (about 350 m): that keeps real borders and drops the places where four
councils meet at a point, or two nearly do.

Cost and caching. The pairs come from a shapely STRtree query over the year's boundaries and
one vectorised intersection per candidate pair: about 0.2 s for the 317 councils of
2024-25 on a shared 2-core machine (tests/test_adjacency.py prints it). The result is small
(a list of codes per council) and kept per data version and year in the shared cache
(ombudsman.cache), so a boundary import, which bumps the data version, recomputes it.
"""

from __future__ import annotations

import numpy as np
import shapely

from ombudsman.cache import Derived
from ombudsman.years import ReportingYear

from .geo import geometry_from_geojson
from .querysets import TIER_TYPES

TOLERANCE = 0.0005  # degrees: 35 m east-west, 55 m north-south in England
MIN_SHARED = 0.005  # degrees of outline that must run within TOLERANCE of the other council

_adjacency = Derived("geo:adjacency", size=8, shared=True)


def _tier_pairs(codes: list[str], geoms: np.ndarray) -> dict[tuple[str, str], float]:
    """Each bordering pair (codes in order) of one tier with the length of border they share."""
    if len(geoms) < 2:
        return {}
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="dwithin", distance=TOLERANCE)
    keep = left < right
    left, right = left[keep], right[keep]
    # The part of the one's outline that runs within TOLERANCE of the other's outline.
    near = shapely.buffer(shapely.boundary(geoms[left]), TOLERANCE, quad_segs=2)
    shared = shapely.length(shapely.intersection(near, shapely.boundary(geoms[right])))
    return {
        (codes[i], codes[j]): float(length)
        for i, j, length in zip(left, right, shared, strict=True)
        if length >= MIN_SHARED
    }


def adjacency_compute(year: ReportingYear) -> dict[str, list[str]]:
    """For each council of `year` with a boundary, the GSS codes of its neighbours, the longest
    shared border first (then by code). Uncached: use `council_neighbours`."""
    from .models import Council

    rows = list(
        Council.objects.active_in(year)
        .filter(boundary__isnull=False)
        .order_by("gss_code")
        .values_list("gss_code", "authority_type", "boundary")
    )
    lengths: dict[tuple[str, str], float] = {}
    for types in TIER_TYPES.values():
        tier = [row for row in rows if row[1] in types]
        geoms = np.array([geometry_from_geojson(row[2]) for row in tier], dtype=object)
        lengths.update(_tier_pairs([row[0] for row in tier], geoms))
    found: dict[str, list[tuple[float, str]]] = {row[0]: [] for row in rows}
    for (a, b), length in lengths.items():
        found[a].append((-length, b))
        found[b].append((-length, a))
    return {code: [other for _, other in sorted(pairs)] for code, pairs in found.items()}


def year_adjacency(year: ReportingYear) -> dict[str, list[str]]:
    """`adjacency_compute(year)`, kept per data version and year."""
    return _adjacency.get(year.start_year, compute=lambda: adjacency_compute(year))


def council_neighbours(*, gss_code: str, year: ReportingYear) -> list[str]:
    """The GSS codes of the councils bordering this one in `year`, longest border first."""
    return list(year_adjacency(year).get(gss_code, []))
