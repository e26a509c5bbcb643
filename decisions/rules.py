"""The rules every decision and recommendation obeys, whoever writes it.

The admin forms (through the models' `clean`), the decision import and the sample generator all
ask these functions, so a rule is written once and worded once. Each returns the problems as
{field: message}; an empty dict means the values are acceptable. The database checks in
`decisions.models` hold what a single row can say about itself; these add what needs today's
date, the council register or the decision a recommendation belongs to.
"""

from __future__ import annotations

import datetime as dt

from councils.succession import Succession, SuccessionError
from ombudsman.years import DATA_FIRST_YEAR, ReportingYear

from .choices import ComplianceStatus, Outcome

FIRST_DAY = ReportingYear(DATA_FIRST_YEAR).first_day
# Recommendations are remedies for fault the Ombudsman found: only an upheld decision has them.
RECOMMENDING_OUTCOMES = (Outcome.UPHELD,)


def _day(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def _not_future(day: dt.date | None, today: dt.date, what: str) -> str | None:
    if day is not None and day > today:
        return f"{what} {_day(day)} is in the future (today is {_day(today)})."
    return None


def decision_problems(
    *,
    council_id: int | None,
    decision_date: dt.date | None,
    received_date: dt.date | None,
    published_on: dt.date | None,
    outcome: str | None,
    remedied_by_authority: bool,
    today: dt.date,
    succession: Succession | None = None,
) -> dict[str, str]:
    """What is wrong with a decision's dates, outcome and council. `succession` is passed by bulk
    callers that check many rows; the council must be the one responsible on the decision date
    (see `councils.succession`)."""
    problems: dict[str, str] = {}
    if remedied_by_authority and outcome != Outcome.UPHELD:
        problems["remedied_by_authority"] = (
            "A satisfactory remedy by the authority is only possible on an upheld decision."
        )
    if decision_date is not None:
        if decision_date < FIRST_DAY:
            problems["decision_date"] = (
                f"The decision date {_day(decision_date)} is before {_day(FIRST_DAY)}, the start "
                f"of the first reporting year this site holds ({ReportingYear(DATA_FIRST_YEAR)})."
            )
        elif message := _not_future(decision_date, today, "The decision date"):
            problems["decision_date"] = message
        elif received_date is not None and decision_date < received_date:
            problems["decision_date"] = "The decision date cannot be before the received date."
        if published_on is not None and published_on < decision_date:
            problems["published_on"] = "A decision cannot be published before it is made."
    if message := _not_future(received_date, today, "The received date"):
        problems["received_date"] = message
    if council_id is not None and decision_date is not None and "decision_date" not in problems:
        try:
            responsible = (succession or Succession.load()).responsible(council_id, decision_date)
        except SuccessionError as exc:
            problems["council"] = str(exc)
        else:
            if responsible != council_id:
                problems["council"] = successor_message(council_id, responsible)
    return problems


def successor_message(council_id: int, successor_id: int) -> str:
    from councils.models import Council

    names = dict(
        Council.objects.filter(pk__in=(council_id, successor_id)).values_list("pk", "name")
    )
    return (
        f"{names[council_id]} no longer existed on the decision date: the case belongs to "
        f"{names[successor_id]}, which took over its services."
    )


def recommendation_problems(
    *,
    decision_outcome: str | None,
    decision_date: dt.date | None,
    due_date: dt.date | None,
    status: str | None,
    outcome_date: dt.date | None,
    today: dt.date,
) -> dict[str, str]:
    """What is wrong with a recommendation given its decision's outcome and date."""
    problems: dict[str, str] = {}
    if decision_outcome is not None and decision_outcome not in RECOMMENDING_OUTCOMES:
        problems["decision"] = (
            "Recommendations are only made on upheld decisions; this decision is "
            f"{Outcome(decision_outcome).label.lower()}."
        )
    pending = status == ComplianceStatus.PENDING
    if pending and outcome_date:
        problems["outcome_date"] = "A pending recommendation has no outcome date yet."
    elif status and not pending and not outcome_date:
        problems["outcome_date"] = "Give the date the compliance outcome was recorded."
    elif outcome_date is not None:
        if message := _not_future(outcome_date, today, "The outcome date"):
            problems["outcome_date"] = message
        elif decision_date is not None and outcome_date < decision_date:
            problems["outcome_date"] = (
                f"The compliance outcome cannot be recorded ({_day(outcome_date)}) before the "
                f"decision was made ({_day(decision_date)})."
            )
        elif (
            status == ComplianceStatus.COMPLIED_LATE
            and due_date is not None
            and outcome_date <= due_date
        ):
            problems["status"] = (
                f"Complied late means after the due date ({_day(due_date)}), but the outcome was "
                f"recorded on {_day(outcome_date)}."
            )
    return problems


def compliance_council_problem(
    *, council_id: int, outcome_date: dt.date | None, succession: Succession | None = None
) -> str | None:
    """A compliance outcome recorded after the decision's council was abolished counts for the
    council that took its services over; where those passed to several councils it cannot be
    placed, and is refused (see `councils.succession`)."""
    if outcome_date is None:
        return None
    try:
        (succession or Succession.load()).responsible(council_id, outcome_date)
    except SuccessionError as exc:
        if not exc.successors:
            return str(exc)
        return (
            f"The council of this decision was abolished before {_day(outcome_date)} and its "
            f"services passed to {' and '.join(exc.successors)}: the site cannot tell which of "
            "them this outcome belongs to, so it cannot count it. Record an outcome checked "
            "before the reorganisation, or leave the recommendation pending."
        )
    return None
