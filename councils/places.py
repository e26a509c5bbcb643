"""Towns, villages and suburbs for the council search: fixtures/places.csv (OS Open Names, built
by `make fixtures`; see fixtures/README.md), and the short forms of fixtures/search_aliases.csv.

Both files are committed and read once per process: they never change while the site runs, so
they are not in the database. The council of a place is not stored with it; `places_named`
returns points, and the search finds their councils for the year asked for by point-in-polygon
(councils.selectors.councils_at_point), so a place follows its area through a reorganisation.

Names follow OS spelling (Ashby-de-la-Zouch, Kingston upon Hull) and many belong to several
places ("Taunton" is a town in Somerset and a suburb in Tameside): they are matched ignoring case,
hyphens and apostrophes, and ranked city, town, village, suburb.
"""

from __future__ import annotations

import bisect
import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

KIND_RANK = {"city": 0, "town": 1, "village": 2, "suburb": 3}
# The licence's required attribution (fixtures/README.md), shown wherever places are.
ATTRIBUTION = (
    "Contains Ordnance Survey data © Crown copyright and database right 2019. Contains Royal "
    "Mail data © Royal Mail copyright and database right 2019. Contains National Statistics "
    "data © Crown copyright and database right 2019."
)
MIN_PREFIX = 3  # "Ba" would list hundreds of places


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    lat: float
    lon: float


def place_key(text: str) -> str:
    """Case, hyphens, apostrophes and spacing ignored: "ashby de la zouch" finds
    Ashby-de-la-Zouch and "kings lynn" King's Lynn."""
    text = (text or "").casefold().replace("’", "").replace("'", "").replace("-", " ")
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def _fixtures() -> Path:
    return Path(settings.BASE_DIR) / "fixtures"


@dataclass(frozen=True)
class PlaceIndex:
    keys: tuple[str, ...]  # sorted, one per place (repeated for places sharing a name)
    places: tuple[Place, ...]  # in the order of `keys`

    def named(self, key: str, *, limit: int, prefix: bool = True) -> tuple[list[Place], int]:
        """Places called `key` (then, with `prefix`, those whose name starts with it), best
        first, at most `limit`; and how many matched in all."""
        if not key:
            return [], 0
        start = bisect.bisect_left(self.keys, key)
        end = bisect.bisect_right(self.keys, key)
        exact = list(self.places[start:end])
        starting: list[Place] = []
        if prefix and len(key) >= MIN_PREFIX:
            stop = bisect.bisect_left(self.keys, key + "\U0010ffff")
            starting = [self.places[i] for i in range(end, stop)]
        ranked = sorted(exact, key=_rank) + sorted(starting, key=_rank)
        return ranked[:limit], len(ranked)


def _rank(place: Place) -> tuple:
    return (KIND_RANK.get(place.kind, len(KIND_RANK)), place.name, place.lat)


@functools.cache
def place_index() -> PlaceIndex:
    """fixtures/places.csv in memory (about 22,000 places: 0.1 s to read, once per process)."""
    with (_fixtures() / "places.csv").open(newline="", encoding="utf-8") as handle:
        rows = [
            (place_key(r["name"]), Place(r["name"], r["kind"], float(r["lat"]), float(r["lon"])))
            for r in csv.DictReader(handle)
        ]
    rows.sort(key=lambda row: row[0])
    return PlaceIndex(keys=tuple(k for k, _ in rows), places=tuple(p for _, p in rows))


@functools.cache
def search_aliases() -> dict[str, str]:
    """Short forms people type ("Bucks", "Hull") and the name each stands for, keyed by
    `place_key` of the short form."""
    with (_fixtures() / "search_aliases.csv").open(newline="", encoding="utf-8") as handle:
        return {place_key(r["alias"]): r["means"] for r in csv.DictReader(handle)}
