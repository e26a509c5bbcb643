"""Every figure the site shows, declared once (docs/architecture.md, "One definition of each
figure").

A `Figure` is a count (summed from the decisions and recommendations, see `queries`) or a rate
(a numerator over a denominator, times a multiplier). Everything that names, computes, explains,
colours or lays out a figure derives from `FIGURES`: the formulas, the API schema and CSV
columns, the map's configuration (passed to the map script as data), the council page's charts
and revision table, the tables under the map and the letters. Adding a figure means adding one
entry here and its tests.

The order of `FIGURES` is the order a council's year is read in (the council page's revision
table); the API lists the counts first and the rates after them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# A rate whose small-number base is under this is shown with a caution ("small numbers").
SMALL_NUMBER_THRESHOLD = 10


@dataclass(frozen=True)
class MapClasses:
    """How the map colours a rate: fixed class breaks, the same in every year and tier, so
    that a colour always means the same range (see `decisions.charts`)."""

    breaks: tuple[float, ...]
    # The tooltip's line on the counts behind the rate. `{numerator}`, `{denominator}` and any
    # figure's key are replaced by its count; `{key:one|many}` by the count and the noun.
    counts: str


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    help: str  # the API's description of the field
    definition: str  # for readers, on the data page
    # Rates only.
    numerator: tuple[str, ...] = ()  # counts summed
    denominator: str = ""
    multiplier: int = 0
    unit: str | None = None  # None for a count; "%" or "" (a rate per head)
    small_base: str = ""  # the count under SMALL_NUMBER_THRESHOLD that earns a caution
    none_text: str = ""  # what there is instead of a figure when the denominator is 0
    # The headline rates (those compared with similar councils) are mapped, charted and ranked.
    map: MapClasses | None = None

    @property
    def is_rate(self) -> bool:
        return bool(self.denominator)

    @property
    def is_headline(self) -> bool:
        return self.map is not None

    @property
    def percent(self) -> bool:
        return self.unit == "%"

    def numerator_value(self, counts: Mapping[str, int | None]) -> int:
        return sum(counts.get(term) or 0 for term in self.numerator)


def _count(key: str, label: str, help: str, definition: str = "") -> Figure:
    return Figure(key=key, label=label, help=help, definition=definition)


FIGURES: tuple[Figure, ...] = (
    _count(
        "complaints_received",
        "Complaints received",
        "Complaints and enquiries received in the year.",
        "Complaints and enquiries about the council that reached the Ombudsman during the year, "
        "whatever happened to them afterwards.",
    ),
    _count(
        "decisions",
        "Decisions",
        "Decisions made in the year, any outcome.",
        "Decisions the Ombudsman made during the year about the council, with any outcome: "
        "upheld, not upheld, closed after initial enquiries, referred back to the council, "
        "advice given, or incomplete or invalid.",
    ),
    _count(
        "investigations",
        "Detailed investigations",
        "Detailed investigations: upheld + not upheld.",
        "Decisions that ended upheld or not upheld. The other outcomes close a case before a "
        "full look at what the council did.",
    ),
    _count("upheld", "Upheld", "Upheld decisions."),
    _count("not_upheld", "Not upheld", "Not upheld decisions."),
    Figure(
        key="upheld_rate",
        label="Upheld rate",
        help="upheld / investigations × 100.",
        definition="Upheld decisions as a percentage of detailed investigations: how often, "
        "when the Ombudsman looked closely, it found the council at fault.",
        numerator=("upheld",),
        denominator="investigations",
        multiplier=100,
        unit="%",
        small_base="investigations",
        none_text="No detailed investigations",
        map=MapClasses(
            breaks=(50, 65, 80, 90),
            counts="{numerator} upheld of "
            "{denominator:detailed investigation|detailed investigations}",
        ),
    ),
    _count(
        "satisfactory_remedies",
        "Satisfactory remedies",
        "Upheld decisions where the council had already put things right.",
    ),
    Figure(
        key="satisfactory_remedy_rate",
        label="Satisfactory remedy rate",
        help="satisfactory_remedies / upheld × 100.",
        definition="Of the upheld complaints, the percentage where the council had already put "
        "things right in a way the Ombudsman accepted before the complaint reached it. These "
        "still count as upheld: there was a fault, but the council dealt with it itself.",
        numerator=("satisfactory_remedies",),
        denominator="upheld",
        multiplier=100,
        unit="%",
        small_base="upheld",
        none_text="No upheld complaints",
        map=MapClasses(
            breaks=(5, 10, 20, 30),
            counts="{numerator} of {denominator:upheld complaint|upheld complaints} already put "
            "right by the council",
        ),
    ),
    _count(
        "compliance_outcomes", "Compliance outcomes", "Compliance outcomes recorded in the year."
    ),
    _count("complied", "Complied", "Recommendations complied with on time."),
    _count("complied_late", "Complied late", "Recommendations complied with late."),
    _count("not_complied", "Not complied", "Recommendations not complied with."),
    Figure(
        key="compliance_rate",
        label="Compliance rate",
        help="(complied + complied_late) / compliance_outcomes × 100.",
        definition="Of the recommendations whose outcome the Ombudsman recorded during the "
        "year, the percentage the council carried out, on time or late. Late compliance is also "
        "shown on its own. Recommendations still waiting to be checked are not counted.",
        # Compliant: carried out, on time or late. This is the one place that says so.
        numerator=("complied", "complied_late"),
        denominator="compliance_outcomes",
        multiplier=100,
        unit="%",
        small_base="compliance_outcomes",
        none_text="No compliance checks",
        map=MapClasses(
            breaks=(80, 90, 95, 100),
            counts="{numerator} of {denominator:recommendation|recommendations} carried out, "
            "{complied_late} late",
        ),
    ),
    Figure(
        key="complied_late_rate",
        label="Complied late rate",
        help="complied_late / compliance_outcomes × 100.",
        definition="Of the same recommendations, the percentage carried out late.",
        numerator=("complied_late",),
        denominator="compliance_outcomes",
        multiplier=100,
        unit="%",
        small_base="compliance_outcomes",
        none_text="No compliance checks",
    ),
    _count("population", "Population", "Residents."),
    Figure(
        key="upheld_per_100k",
        label="Upheld per 100,000 residents",
        help="upheld / population × 100,000.",
        definition="Upheld decisions divided by the council's population, times 100,000. It "
        "puts councils of different sizes on the same footing, but it also reflects how many "
        "people complain.",
        numerator=("upheld",),
        denominator="population",
        multiplier=100_000,
        unit="",
        # A rate per head built on a handful of upheld cases is as fragile as a percentage of a
        # handful, so its base is the upheld count itself.
        small_base="upheld",
        none_text="No population figure",
        map=MapClasses(
            breaks=(1, 2, 4, 6),
            counts="{numerator:upheld complaint|upheld complaints}, population {denominator}",
        ),
    ),
)

FIGURE = {figure.key: figure for figure in FIGURES}
RATES = {figure.key: figure for figure in FIGURES if figure.is_rate}
HEADLINE_RATES = tuple(key for key, figure in RATES.items() if figure.is_headline)
# The counts a council row carries, summed for the averages; the population is not a count of
# cases and is pooled separately (see `formulas.pooled`).
COUNT_FIELDS = tuple(f.key for f in FIGURES if not f.is_rate and f.key != "population")
COMPLIANCE = FIGURE["compliance_rate"]


def compliant(counts: Mapping[str, int | None]) -> int:
    """Recommendations carried out, on time or late: the compliance rate's numerator."""
    return COMPLIANCE.numerator_value(counts)


def figure_fields(figure: Figure) -> tuple[str, ...]:
    """The counts behind a rate (its numerator, denominator and those its wording names) and
    the rate itself: what a reader needs to see where the rate comes from."""
    words = figure.map.counts if figure.map else ""
    named = [key for key in re.findall(r"\{(\w+)", words) if key in FIGURE]
    return tuple(dict.fromkeys([*figure.numerator, figure.denominator, *named, figure.key]))
