"""Towns, villages and suburbs for the council search: fixtures/places.csv (OS Open Names, built
by `make fixtures`; see fixtures/README.md), and the short forms of fixtures/search_aliases.csv.

Both files are committed and read once per process: they never change while the site runs, so
they are not in the database. The council of a place is not stored with it; `places_named`
returns points, and the search finds their councils for the year asked for by point-in-polygon
(councils.selectors.councils_at_point), so a place follows its area through a reorganisation.

Names follow OS spelling (Ashby-de-la-Zouch, Kingston upon Hull, St Neots) and many belong to
several places ("Taunton" is a town in Somerset and a suburb in Tameside): they are matched in the
form every name of the search is (councils.names.name_key: "saint neots" finds St Neots, "kings
lynn" King's Lynn) and ranked city, town, village, suburb. A misspelt name ("Borehamwod") finds
the places whose names are near it (`PlaceIndex.near`, rapidfuzz).
"""

from __future__ import annotations

import bisect
import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from rapidfuzz import fuzz, process

from councils.names import name_key

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


def _fixtures() -> Path:
    return Path(settings.BASE_DIR) / "fixtures"


@dataclass(frozen=True)
class PlaceIndex:
    keys: tuple[str, ...]  # sorted, one per place (repeated for places sharing a name)
    places: tuple[Place, ...]  # in the order of `keys`
    names: tuple[str, ...]  # `keys` once each: what a misspelling is compared with

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

    def near(self, key: str, *, cutoff: float, limit: int) -> tuple[list[tuple[Place, float]], int]:
        """Places whose whole name is at least `cutoff` like `key` (rapidfuzz's ratio, 0-100),
        the nearest first and, among names as near, city, town, village, suburb; at most
        `limit`, and how many there are in all."""
        if not key:
            return [], 0
        found = []
        for name, score in _near_names(key, cutoff):
            start = bisect.bisect_left(self.keys, name)
            end = bisect.bisect_right(self.keys, name)
            found += [(place, score) for place in self.places[start:end]]
        found.sort(key=lambda hit: (-hit[1], *_rank(hit[0])))
        return found[:limit], len(found)


# About 3 ms a query on an idle core (one pass of rapidfuzz over 18,500 names), so the names
# a query was near are remembered: people misspell a town the same way, and the file is fixed.
@functools.lru_cache(maxsize=1024)
def _near_names(key: str, cutoff: float) -> tuple[tuple[str, float], ...]:
    found = process.extract(
        key, place_index().names, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
    )
    return tuple((name, score) for name, score, _ in found)


def _rank(place: Place) -> tuple:
    return (KIND_RANK.get(place.kind, len(KIND_RANK)), place.name, place.lat)


@functools.cache
def place_index() -> PlaceIndex:
    """fixtures/places.csv in memory (about 22,000 places: 0.1 s to read, once per process)."""
    with (_fixtures() / "places.csv").open(newline="", encoding="utf-8") as handle:
        rows = [
            (name_key(r["name"]), Place(r["name"], r["kind"], float(r["lat"]), float(r["lon"])))
            for r in csv.DictReader(handle)
        ]
    rows.sort(key=lambda row: row[0])
    keys = tuple(k for k, _ in rows)
    return PlaceIndex(keys=keys, places=tuple(p for _, p in rows), names=tuple(dict.fromkeys(keys)))


@functools.cache
def search_aliases() -> dict[str, str]:
    """Short forms people type ("Bucks", "Hull") and the name each stands for, keyed by
    `name_key` of the short form."""
    with (_fixtures() / "search_aliases.csv").open(newline="", encoding="utf-8") as handle:
        return {name_key(r["alias"]): r["means"] for r in csv.DictReader(handle)}
