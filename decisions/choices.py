"""The Ombudsman's codes, with the labels it uses. Files may give either, in any case."""

from django.db import models


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    CLOSED_AFTER_INITIAL_ENQUIRIES = (
        "closed_after_initial_enquiries",
        "Closed after initial enquiries",
    )
    REFERRED_BACK = "referred_back_for_local_resolution", "Referred back for local resolution"
    ADVICE_GIVEN = "advice_given", "Advice given"
    INCOMPLETE_OR_INVALID = "incomplete_or_invalid", "Incomplete/Invalid"


# A detailed investigation ends upheld or not upheld; the other outcomes close a case earlier.
INVESTIGATED = (Outcome.UPHELD, Outcome.NOT_UPHELD)


class ReportType(models.TextChoices):
    STATEMENT = "statement", "Decision statement"
    REPORT = "report", "Public report"


class RecommendationKind(models.TextChoices):
    APOLOGY = "apology", "Apology"
    FINANCIAL_REDRESS = "financial_redress", "Financial redress"
    PROVIDE_SERVICE = "provide_service", "Provide a service"
    RECONSIDER_DECISION = "reconsider_decision", "Reconsider a decision"
    OTHER_PERSONAL = "other_personal", "Other personal remedy"
    PROCEDURE_CHANGE = "procedure_change", "Procedure or policy change"
    TRAINING = "training", "Staff training"
    OTHER_IMPROVEMENT = "other_improvement", "Other service improvement"


PERSONAL_REMEDY_KINDS = (
    RecommendationKind.APOLOGY,
    RecommendationKind.FINANCIAL_REDRESS,
    RecommendationKind.PROVIDE_SERVICE,
    RecommendationKind.RECONSIDER_DECISION,
    RecommendationKind.OTHER_PERSONAL,
)
SERVICE_IMPROVEMENT_KINDS = (
    RecommendationKind.PROCEDURE_CHANGE,
    RecommendationKind.TRAINING,
    RecommendationKind.OTHER_IMPROVEMENT,
)


class ComplianceStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    COMPLIED = "complied", "Complied"
    COMPLIED_LATE = "complied_late", "Complied late"
    NOT_COMPLIED = "not_complied", "Not complied"


def _lookup(choices: type[models.TextChoices]) -> dict[str, str]:
    table = {}
    for value, label in choices.choices:
        table[value.lower()] = value
        table[str(label).lower()] = value
    return table


OUTCOME_LOOKUP = {
    **_lookup(Outcome),
    # Other spellings seen in the Ombudsman's files and pages.
    "incomplete or invalid": Outcome.INCOMPLETE_OR_INVALID,
    "invalid/incomplete": Outcome.INCOMPLETE_OR_INVALID,
    "referred back": Outcome.REFERRED_BACK,
    "closed after initial enquiries - out of jurisdiction": Outcome.CLOSED_AFTER_INITIAL_ENQUIRIES,
}


def parse_outcome(text: str) -> str | None:
    """The outcome code for a code or a label in any case; None when it is neither."""
    return OUTCOME_LOOKUP.get(" ".join((text or "").split()).lower())
