"""The sample cases, planned in memory before anything is written.

Every random draw comes from the one `random.Random` passed in, in a fixed order (councils by GSS
code, cases in the order they were made), so a seed always gives the same data. National counts
are shared out and then assigned exactly (largest remainders, top-k picks) rather than drawn
case by case: that keeps every year on its target at any scale, and leaves the randomness to
decide which council and which case gets what.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from ombudsman.years import ReportingYear

from . import calibration as cal
from .categories import ADULT_CARE, CHILDREN, EDUCATION, category_table

DAY = dt.timedelta(days=1)
PERSONAL_ODDS = (  # kind, chance a case with recommendations gets it
    ("apology", 0.8),
    ("financial_redress", 0.5),
    ("provide_service", 0.18),
    ("reconsider_decision", 0.22),
    ("other_personal", 0.1),
)
IMPROVEMENT_KINDS = ("procedure_change", "training", "other_improvement")
IMPROVEMENT_WEIGHTS = (50, 35, 15)
# Days from the decision to the due date, by kind: a month to apologise or pay, longer to
# reconsider or provide a service, about three months for a service improvement.
DUE_DAYS = {
    "apology": (28, 35),
    "financial_redress": (28, 35),
    "other_personal": (28, 42),
    "provide_service": (42, 91),
    "reconsider_decision": (42, 91),
    "procedure_change": (60, 120),
    "training": (60, 120),
    "other_improvement": (60, 120),
}
# Days from the due date until the Ombudsman records the outcome, by outcome.
RECORDED_AFTER = {"complied": (3, 45), "complied_late": (14, 100), "not_complied": (60, 200)}
PUBLISHED_OUTCOMES = ("upheld", "not_upheld", "closed_after_initial_enquiries")


@dataclass(frozen=True)
class CouncilInfo:
    id: int
    gss_code: str
    authority_type: str
    population: dict[int, int]  # start year -> residents; may be empty
    end_date: dt.date | None = None

    def residents(self, year: int) -> int:
        if self.population:
            nearest = min(self.population, key=lambda y: (abs(y - year), y))
            return self.population[nearest]
        return cal.TYPICAL_POPULATION[self.authority_type]


@dataclass(slots=True)
class Rec:
    kind: str
    amount: float | None = None
    due: dt.date | None = None
    status: str = "pending"
    outcome_date: dt.date | None = None


@dataclass(slots=True)
class Case:
    council: CouncilInfo
    category: str
    subcategory: str
    received: dt.date
    path: str  # "investigation" or the early outcome code
    decided: dt.date | None = None
    outcome: str = ""
    remedied: bool = False
    report: bool = False
    recs: list[Rec] = field(default_factory=list)
    reference: str = ""
    publish_date: dt.date | None = None  # used only if the outcome is one that is published

    @property
    def published_on(self) -> dt.date | None:
        return self.publish_date if self.outcome in PUBLISHED_OUTCOMES else None


def share_out(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` into whole numbers that add up to it."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    raw = [total * w / weight_sum for w in weights]
    counts = [math.floor(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _received_date(rng: random.Random, year: int) -> dt.date:
    first = dt.date(year, 4, 1)
    day = first + rng.randint(0, (dt.date(year + 1, 3, 31) - first).days) * DAY
    # The Ombudsman stopped taking new complaints in the first lockdown (spring 2020), which is
    # why 2020-21 is so low: put most of that year's intake after June.
    if year == 2020 and day.month in (4, 5, 6) and rng.random() < 0.8:
        july = dt.date(2020, 7, 1)
        day = july + rng.randint(0, (dt.date(2021, 3, 31) - july).days) * DAY
    return day


def _working_day(day: dt.date, received: dt.date, last: dt.date) -> dt.date:
    """Decisions are made on working days: move a weekend day to the Friday or Monday."""
    for step in (-1, 1) if day.weekday() == 5 else (1, -1) if day.weekday() == 6 else ():
        moved = day + step * DAY
        if received <= moved <= last:
            return moved
    return day


def _delay(rng: random.Random, received: dt.date, path: str) -> dt.date:
    low, high, mode = cal.DELAY_WEEKS[path]
    return received + round(rng.triangular(low, high, mode) * 7) * DAY


def cases_plan(
    rng: random.Random,
    *,
    councils_by_year: dict[int, list[CouncilInfo]],
    scale: float,
    last_day: dt.date,
) -> list[Case]:
    """The cases received in each year, with their council, category, dates and path.

    An investigation takes months, so most are decided in the year after the complaint came in.
    Each case therefore gets two possible decision dates, one for an early outcome and one for
    an investigation, and each decision year's quota of investigations is drawn from the cases
    whose investigation would end in that year. The first year then has its full share of
    investigations, and no case is decided after the last year asked for.
    """
    everyone = sorted(
        {c.gss_code: c for cs in councils_by_year.values() for c in cs}.values(),
        key=lambda c: c.gss_code,
    )
    # A lasting council effect: some councils draw far more complaints than their size says.
    volume_effect = {c.gss_code: rng.lognormvariate(0, 0.3) for c in everyone}
    tables = {}
    paths, path_weights = zip(*cal.EARLY_OUTCOME_SHARES.items(), strict=True)
    cases: list[Case] = []
    for year, councils in sorted(councils_by_year.items()):
        weights = [
            c.residents(year)
            * cal.TYPE_VOLUME_FACTOR[c.authority_type]
            * volume_effect[c.gss_code]
            * rng.lognormvariate(0, 0.1)
            for c in councils
        ]
        received_total = round(cal.TARGETS[year].received * scale)
        for council, count in zip(councils, share_out(received_total, weights), strict=True):
            if council.authority_type not in tables:
                tables[council.authority_type] = category_table(council.authority_type)
            pairs, cumulative = tables[council.authority_type]
            for category, subcategory in rng.choices(pairs, cum_weights=cumulative, k=count):
                path = rng.choices(paths, path_weights)[0]
                received = _received_date(rng, year)
                if council.end_date and received > council.end_date:  # abolished in the year
                    first = dt.date(year, 4, 1)
                    received = first + rng.randint(0, (council.end_date - first).days) * DAY
                cases.append(Case(council, category, subcategory, received, path))
    candidates: dict[int, list[tuple[Case, dt.date]]] = {}
    for case in cases:
        # Cases received near the end of the last year (or of an abolished council's life) are
        # closed sooner instead of spilling into a year nobody asked for (or a successor's).
        last = min(last_day, case.council.end_date or last_day)
        decided = _delay(rng, case.received, case.path)
        if decided > last:
            decided = case.received + rng.randint(0, (last - case.received).days) * DAY
        case.decided = _working_day(decided, case.received, last)
        case.publish_date = case.decided + rng.randint(21, 56) * DAY
        investigated = _working_day(
            _delay(rng, case.received, "investigation"), case.received, last
        )
        if investigated <= last:
            year = ReportingYear.containing(investigated).start_year
            candidates.setdefault(year, []).append((case, investigated))
    for year, pool in sorted(candidates.items()):
        if year not in councils_by_year:
            continue
        quota = round(cal.TARGETS[year].investigations * scale)
        # Cases received in the same year first: an investigation carried into the next year
        # would leave the first year short of decisions and pile them up in the last one.
        same = [p for p in pool if ReportingYear.containing(p[0].received).start_year == year]
        earlier = [p for p in pool if ReportingYear.containing(p[0].received).start_year != year]
        chosen = _pick_count(rng, same, quota)
        chosen += _pick_count(rng, earlier, quota - len(chosen))
        for case, investigated in chosen:
            case.path, case.decided = "investigation", investigated
            case.publish_date = investigated + rng.randint(21, 56) * DAY
    return cases


def _pick_count(rng: random.Random, items: list, count: int) -> list:
    """`count` of the items (all of them if there are fewer), chosen at random, in order."""
    count = max(0, min(len(items), count))
    return [items[i] for i in sorted(rng.sample(range(len(items)), count))]


def _pick(rng: random.Random, items: list, share: float) -> list:
    """round(share x len(items)) of the items, chosen at random, kept in their order."""
    return _pick_count(rng, items, round(share * len(items)))


def outcomes_assign(rng: random.Random, cases: list[Case], *, scale: float) -> None:
    """Outcomes, remedies, reports and recommendations, to each decision year's targets."""
    by_year: dict[int, list[Case]] = {}
    for case in cases:
        by_year.setdefault(ReportingYear.containing(case.decided).start_year, []).append(case)
    councils = sorted({c.council.gss_code for c in cases})
    # How readily a council's investigations end upheld: spreads the councils' uphold rates.
    leaning = {gss: rng.lognormvariate(0, 0.5) for gss in councils}
    for year, year_cases in sorted(by_year.items()):
        target = cal.TARGETS[year]
        investigated = []
        for case in year_cases:
            if case.path == "investigation":
                investigated.append(case)
                case.outcome = "not_upheld"
            else:
                case.outcome = case.path
        # Weighted picks without replacement (Efraimidis-Spirakis keys), exactly k of them.
        keys = [rng.random() ** (1 / leaning[c.council.gss_code]) for c in investigated]
        order = sorted(range(len(investigated)), key=lambda i: (-keys[i], i))
        upheld_count = round(target.upheld_pct / 100 * len(investigated))
        upheld = [investigated[i] for i in sorted(order[:upheld_count])]
        for case in upheld:
            case.outcome = "upheld"
        for case in _pick(rng, upheld, target.remedied_pct / 100):
            case.remedied = True
        remedy_needed = [c for c in upheld if not c.remedied]
        with_recs = _pick(rng, remedy_needed, cal.RECOMMENDATION_CASE_SHARE)
        if with_recs:
            reports = min(len(with_recs), round(target.reports * scale))
            for i in rng.sample(range(len(with_recs)), reports):
                with_recs[i].report = True
        for case in with_recs:
            case.recs = [Rec(kind) for kind, odds in PERSONAL_ODDS if rng.random() < odds]
            if not case.recs:
                case.recs.append(Rec("apology"))
            for rec in case.recs:
                if rec.kind == "financial_redress":
                    rec.amount = _amount(rng, case.category)
        if with_recs:
            improvements = round(target.service_improvements * scale)
            for case in rng.choices(with_recs, k=improvements):
                kind = rng.choices(IMPROVEMENT_KINDS, IMPROVEMENT_WEIGHTS)[0]
                case.recs.append(Rec(kind))
        _compliance_assign(rng, [r for c in with_recs for r in c.recs], target)
        for case in with_recs:
            for rec in case.recs:
                low, high = DUE_DAYS[rec.kind]
                rec.due = case.decided + rng.randint(low, high) * DAY
                low, high = RECORDED_AFTER[rec.status]
                rec.outcome_date = rec.due + rng.randint(low, high) * DAY


def _amount(rng: random.Random, category: str) -> float:
    """Pounds: mostly a few hundred for distress or time and trouble, more where a child or an
    adult went without the provision they needed."""
    amount = rng.lognormvariate(math.log(400), 0.8)
    if category in (EDUCATION, CHILDREN, ADULT_CARE):
        amount *= 1.6
    return float(min(25_000, max(100, round(amount / 50) * 50)))


def _compliance_assign(rng: random.Random, recs: list[Rec], target: cal.YearTarget) -> None:
    """The outcome each recommendation will have once checked; whether it has been checked yet
    is decided later against the as-of date."""
    for rec in recs:
        rec.status = "complied"
    not_complied = round((100 - target.compliance_pct) / 100 * len(recs))
    late = round(target.late_pct / 100 * len(recs))
    chosen = rng.sample(range(len(recs)), min(len(recs), not_complied + late))
    for n, i in enumerate(chosen):
        recs[i].status = "not_complied" if n < not_complied else "complied_late"


def compliance_as_of(cases: list[Case], as_of: dt.date) -> None:
    """Outcomes not yet due to be recorded on `as_of` go back to pending."""
    for case in cases:
        for rec in case.recs:
            if rec.outcome_date > as_of:
                rec.status, rec.outcome_date = "pending", None


def compliance_reorganised(cases: list[Case], counts_on: Callable[[int, dt.date], bool]) -> None:
    """Obey the reorganisation rule (`councils.succession`): an outcome that would be recorded
    after the council was split between successors, where no single council answers for it
    (`counts_on(council_id, day)` is False), is recorded on the council's last day instead when
    that is still after the due date (the sample records no outcome before it is due);
    otherwise the recommendation stays pending."""
    for case in cases:
        end = case.council.end_date
        for rec in case.recs:
            if rec.outcome_date is None or counts_on(case.council.id, rec.outcome_date):
                continue
            if end is not None and end > rec.due:
                rec.outcome_date = end
            else:
                rec.status, rec.outcome_date = "pending", None


def references_assign(rng: random.Random, cases: list[Case], *, taken: set[str]) -> None:
    """`YY NNN NNN` in order of receipt within each calendar year, with gaps (the Ombudsman
    numbers every enquiry, and most never become one of these decisions)."""
    by_year: dict[int, list[int]] = {}
    for i, case in enumerate(cases):
        by_year.setdefault(case.received.year, []).append(i)
    for calendar_year, indexes in sorted(by_year.items()):
        indexes.sort(key=lambda i: (cases[i].received, i))
        number = rng.randint(1, 400)
        prefix = f"{calendar_year % 100:02d}"
        for i in indexes:
            number += rng.randint(1, 3)
            reference = f"{prefix} {number // 1000:03d} {number % 1000:03d}"
            while reference in taken:
                number += 1
                reference = f"{prefix} {number // 1000:03d} {number % 1000:03d}"
            if number > 999_999:
                raise OverflowError(f"Too many sample decisions received in {calendar_year}.")
            cases[i].reference = reference
