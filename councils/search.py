"""The council search: the one definition of what a typed name finds, for the map page's search
box (through /api/councils/search/) and the councils A to Z (/councils/?q=).

A query is matched against every council's official, short and other names, and against the
short forms of fixtures/search_aliases.csv ("Bucks" stands for Buckinghamshire). Better kinds of
match come first: the whole name, then the name's start, a word's start, anywhere in the name;
only when none of these finds a council is spelling forgiven ("hertsmear", "Camdn": edit
distance, rapidfuzz). Within a kind a county comes before a district, so "Hert" lists
Hertfordshire before Hertsmere.

A name that belongs to a council that did not exist in the year asked for is answered with the
councils that took over from it (councils.succession), or with the year it began. Places of
that name (councils.places) are answered with the councils of the year whose area holds them;
when no place has the name or starts with it and no council is called it, places whose names are
near it ("Borehamwod", "Hemel Hempsted") with the same cutoff as councils' near names.

Every name is compared in one form, councils.names.name_key: "St. Helens", "Saint Helens" and
"St Helens" are one name, as are "King's Lynn" and "Kings Lynn".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from councils.names import name_key
from councils.places import ATTRIBUTION, Place, place_index, search_aliases
from councils.querysets import AuthorityType
from councils.selectors import council_bare_key, councils_at_point, councils_by_id
from councils.succession import Succession
from ombudsman.cache import Derived
from ombudsman.years import ReportingYear

# Kinds of match, best first (the API names them).
NAME, ALIAS, START, WORD, CONTAINS, SPELLING = (
    "name",
    "alias",
    "start",
    "word",
    "contains",
    "spelling",
)
RANK = {kind: rank for rank, kind in enumerate((NAME, ALIAS, START, WORD, CONTAINS, SPELLING))}
# rapidfuzz's ratio (0-100) from which a name counts as a misspelling of the query: one wrong,
# missing or extra letter in five ("Camdn" 91 for Camden, "hertsmear" 89 for Hertsmere), while
# unrelated names of the same length stay below ("Harlow" for "Harrogate" 67).
SPELLING_CUTOFF = 80
MIN_SPELLING = 4  # shorter queries are prefixes being typed, not misspellings
MAX_COUNCILS = 12
MAX_PLACES = 6


@dataclass(frozen=True)
class CouncilHit:
    council: object  # councils.models.Council
    match: str  # one of RANK's kinds
    score: float = 100.0


@dataclass(frozen=True)
class FormerHit:
    """A council the year does not have, named by the query: abolished before the year, with
    the councils that replaced it (`named`, in the sentence) and those of the year that answer
    for its area now (`successors`: the same unless they were reorganised again); or begun after
    the year (`began`)."""

    council: object
    named: list
    successors: list
    month: str
    year: ReportingYear
    began: bool = False

    @property
    def text(self) -> str:
        if self.began:
            return (
                f"{self.council.name} began in {self.month}, after the start of "
                f"{self.year.label}: choose a later year to see it."
            )
        names = _and([c.name for c in self.named]) or "no council"
        text = f"{self.council.name} was replaced by {names} in {self.month}."
        if self.successors and {c.pk for c in self.successors} != {c.pk for c in self.named}:
            text += (
                f" In {self.year.label} its area is {_and([c.name for c in self.successors])}'s."
            )
        return text

    @property
    def later(self) -> list:
        """The year's successors the sentence does not name already."""
        named = {c.pk for c in self.named}
        return [c for c in self.successors if c.pk not in named]


@dataclass(frozen=True)
class PlaceHit:
    place: Place
    councils: list
    match: str = NAME  # NAME, START (the name starts with the query) or SPELLING
    score: float = 100.0


@dataclass
class SearchResult:
    query: str
    year: ReportingYear
    councils: list[CouncilHit] = field(default_factory=list)
    council_count: int = 0
    former: list[FormerHit] = field(default_factory=list)
    places: list[PlaceHit] = field(default_factory=list)
    place_count: int = 0
    best: object | None = None  # the council Enter opens, when the query means one

    @property
    def attribution(self) -> str:
        return ATTRIBUTION if self.places else ""

    @property
    def places_near(self) -> bool:
        """Whether the places are near spellings (no place is called the query)."""
        return bool(self.places) and all(p.match == SPELLING for p in self.places)


@dataclass(frozen=True)
class _Names:
    council_id: int
    keys: tuple[str, ...]  # every name's key and its bare form, longest first


def _name_table() -> list[_Names]:
    def build() -> list[_Names]:
        table = []
        for council in councils_by_id().values():
            keys = set()
            for name in [council.name, council.short_name, *council.alt_name_list]:
                key = name_key(name)
                keys.update(k for k in (key, council_bare_key(key)) if k)
            table.append(_Names(council.pk, tuple(sorted(keys, key=lambda k: (-len(k), k)))))
        return table

    return _names.get(compute=build)


_names = Derived("search:names", size=2)
_succession = Derived("search:succession", size=2)


def _match(queries: list[tuple[str, bool]], keys: tuple[str, ...]) -> str | None:
    """The best kind of match of any query (text, whether it came from the alias table)."""
    best = None
    for query, aliased in queries:
        for key in keys:
            if key == query:
                kind = ALIAS if aliased else NAME
            elif key.startswith(query):
                kind = START
            elif f" {query}" in f" {key}":
                kind = WORD
            elif query in key:
                kind = CONTAINS
            else:
                continue
            if best is None or RANK[kind] < RANK[best]:
                best = kind
    return best


def _spelling(query: str, keys: tuple[str, ...]) -> float:
    """How close the query is to a name or to the start of one (0-100)."""
    score = 0.0
    for key in keys:
        score = max(score, fuzz.ratio(query, key))
        if len(key) > len(query):
            score = max(score, fuzz.ratio(query, key[: len(query)]))
    return score


def _order(hit: CouncilHit) -> tuple:
    council = hit.council
    return (
        RANK[hit.match],
        -hit.score,
        council.authority_type != AuthorityType.COUNTY,
        council.short_name,
    )


def _queries(text: str) -> tuple[list[tuple[str, bool]], str | None]:
    """The query's name key, and the key of the name its alias stands for (if any)."""
    queries = [(name_key(text), False)]
    means = search_aliases().get(name_key(text))
    if means:
        queries.append((name_key(means), True))
    return queries, means


def council_hits(text: str) -> list[CouncilHit]:
    """Every council, of any year, whose names `text` matches, best first; near spellings only
    when nothing else matches."""
    queries, _ = _queries(text)
    query = queries[0][0]
    if not query:
        return []
    councils = councils_by_id()
    hits = []
    for names in _name_table():
        kind = _match(queries, names.keys)
        if kind is not None:
            hits.append(CouncilHit(councils[names.council_id], kind))
    if not hits and len(query) >= MIN_SPELLING:
        for names in _name_table():
            score = _spelling(query, names.keys)
            if score >= SPELLING_CUTOFF:
                hits.append(CouncilHit(councils[names.council_id], SPELLING, score))
    return sorted(hits, key=_order)


def council_search(*, text: str, year: ReportingYear) -> SearchResult:
    """What `text` finds in `year`: councils ranked, former councils with their successors,
    places with their councils, and the one council Enter should open (or None)."""
    result = SearchResult(query=text.strip(), year=year)
    if not name_key(text):
        return result
    _, means = _queries(text)
    found = council_hits(text)
    hits = [h for h in found if h.council.exists_in(year)]
    others = [h for h in found if not h.council.exists_in(year)]
    result.council_count = len(hits)
    result.councils = hits[:MAX_COUNCILS]
    # A former council as good a match as the best of the year's (or the only kind there is):
    # "Somerset" tells of Somerset County Council, not of every council with Somerset in it.
    others = [h for h in others if not hits or RANK[h.match] <= RANK[hits[0].match]]
    result.former = _former(others, year)
    # Places whose name starts with the query only while no council is found: "Hemel" finds
    # Hemel Hempstead, but "Bucks" is Buckinghamshire, not Buck's Mills.
    keys = [name_key(text), *_alias_keys(means)]
    result.places, result.place_count = _places(keys, year, prefix=not found)
    # A near place only when nothing has the name: "Borehamwod" finds Borehamwood, but "Harrow"
    # is the council (and the place) Harrow, not the town Harlow.
    exact = any(h.match in (NAME, ALIAS) for h in found)
    if not result.places and not exact and len(keys[0]) >= MIN_SPELLING:
        result.places, result.place_count = _near_places(keys[0], year)
    result.best = _best(result)
    return result


def _alias_keys(means: str | None) -> list[str]:
    return [name_key(means)] if means else []


def _former(hits: list[CouncilHit], year: ReportingYear) -> list[FormerHit]:
    councils = councils_by_id()
    succession = _succession.get(compute=Succession.load)
    day = year.first_day
    found = []
    for hit in hits[:MAX_COUNCILS]:
        council = hit.council
        if council.start_date and council.start_date > day:
            found.append(FormerHit(council, [], [], _month(council.start_date), year, began=True))
            continue
        successors = [councils[pk] for pk in succession.successors_on(council.pk, day)]
        named = sorted((councils[c.pk] for c in council.replaced_by.all()), key=lambda c: c.name)
        month = _month(_next_day(council.end_date))
        found.append(FormerHit(council, named, successors, month, year))
    return found


def _places(keys: list[str], year: ReportingYear, *, prefix: bool) -> tuple[list[PlaceHit], int]:
    index = place_index()
    found, total, seen = [], 0, set()
    for key in dict.fromkeys(keys):
        places, count = index.named(key, limit=MAX_PLACES, prefix=prefix)
        total += count
        for place in places:
            if place in seen or len(found) >= MAX_PLACES:
                continue
            seen.add(place)
            at = councils_at_point(lat=place.lat, lon=place.lon, year=year)
            if at:
                found.append(PlaceHit(place, at, NAME if name_key(place.name) == key else START))
    return found, max(total, len(found))


def _near_places(key: str, year: ReportingYear) -> tuple[list[PlaceHit], int]:
    places, count = place_index().near(key, cutoff=SPELLING_CUTOFF, limit=MAX_PLACES)
    found = []
    for place, score in places:
        at = councils_at_point(lat=place.lat, lon=place.lon, year=year)
        if at:
            found.append(PlaceHit(place, at, SPELLING, score))
    return found, max(count, len(found))


def _best(result: SearchResult) -> object | None:
    """The council the query means, when there is no doubt: the one whose whole name (or
    alias) it is, or the only council found, when nothing else is found but places in its area
    ("Tunbrige Wells": the council by its near name, the town Royal Tunbridge Wells in it)."""
    whole = [h for h in result.councils if h.match in (NAME, ALIAS)]
    if len({h.council.pk for h in whole}) == 1:
        return whole[0].council
    if result.council_count == 1 and not result.former:
        only = result.councils[0].council
        if all(only.pk in {c.pk for c in p.councils} for p in result.places):
            return only
    return None


def _next_day(day: dt.date | None) -> dt.date | None:
    return day + dt.timedelta(days=1) if day else None


def _month(day: dt.date | None) -> str:
    return f"{day:%B %Y}" if day else "an unknown year"


def _and(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
