from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from councils.models import Council
from ombudsman.years import FIRST_YEAR, LAST_YEAR, ReportingYear

from .choices import (
    SERVICE_IMPROVEMENT_KINDS,
    ComplianceStatus,
    Outcome,
    RecommendationKind,
    ReportType,
)
from .querysets import LIST_ORDER, DecisionQuerySet, RecommendationQuerySet

REFERENCE_RE = r"^[0-9]{2} [0-9]{3} [0-9]{3}[a-z]?$"
reference_validator = RegexValidator(
    REFERENCE_RE,
    "A reference is two digits, three digits and three digits separated by spaces, with an "
    "optional lower-case letter for joint cases: 19 004 123 or 17 002 402b.",
)


def reference_to_slug(reference: str) -> str:
    return reference.replace(" ", "-")


def slug_to_reference(slug: str) -> str:
    return slug.replace("-", " ")


class Decision(models.Model):
    """The Ombudsman's decision on one complaint about one council.

    Statements become public some weeks after the decision: `published_on` is the first day a
    decision may be shown anywhere public. Counts in the statistics include every decision made in
    the year, published or not, because a count reveals nothing about an individual case.
    """

    reference = models.CharField(
        max_length=11,
        validators=[reference_validator],
        help_text="YY NNN NNN, with an optional letter for joint cases: 19 004 123.",
    )
    # No index of its own: the (council, decision_date) index serves every lookup by council,
    # and each index is paid for on every row an import writes.
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="decisions", db_index=False
    )
    # One of the headings of the controlled list (decisions.service_areas): the import and the
    # admin form map other names to it and refuse unknown ones.
    category = models.CharField(max_length=80)
    subcategory = models.CharField(max_length=120, blank=True)
    received_date = models.DateField(null=True, blank=True)
    decision_date = models.DateField()
    outcome = models.CharField(max_length=40, choices=Outcome.choices)
    remedied_by_authority = models.BooleanField(
        "satisfactory remedy by the authority",
        default=False,
        help_text="Upheld, and the council had already put things right before the complaint "
        "reached the Ombudsman.",
    )
    report_type = models.CharField(
        max_length=10, choices=ReportType.choices, default=ReportType.STATEMENT
    )
    summary = models.TextField(blank=True)
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text="First day the decision is public. Empty: not to be published.",
    )
    is_sample = models.BooleanField(
        default=False, editable=False, help_text="Made up by the sample data generator."
    )

    objects = DecisionQuerySet.as_manager()
    # The audit trail is read by record (its `id` index) and by date; an index on the council
    # of every historical row would only slow imports.
    history = HistoricalRecords(no_db_index=["council"])

    class Meta:
        ordering = list(LIST_ORDER)
        constraints = [
            # A constraint rather than unique=True: the same unique index, without the second
            # (pattern-matching) index PostgreSQL would get for a unique text field.
            models.UniqueConstraint(fields=["reference"], name="decision_reference_unique"),
            models.CheckConstraint(
                condition=Q(reference__regex=REFERENCE_RE), name="decision_reference_format"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="decision_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(report_type__in=ReportType.values), name="decision_report_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(remedied_by_authority=False) | Q(outcome=Outcome.UPHELD),
                name="decision_remedy_only_when_upheld",
            ),
            models.CheckConstraint(
                condition=Q(received_date__isnull=True) | Q(decision_date__gte=F("received_date")),
                name="decision_not_before_received",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__gte=F("decision_date")),
                name="decision_published_after_decided",
            ),
        ]
        indexes = [
            # Every column a tally recount reads (and a count of a year's decisions): PostgreSQL
            # can answer those from the index alone.
            models.Index(
                fields=["decision_date", "council", "outcome", "remedied_by_authority"],
                name="decision_year_stats_idx",
            ),
            models.Index(fields=["council", "decision_date"]),
            models.Index(fields=["category", "subcategory"]),
            # The figures by category (decisions.statistics.service_areas) group a year's
            # decisions by category and outcome: PostgreSQL answers that from this index alone.
            models.Index(
                fields=["decision_date", "category", "outcome", "council"],
                name="decision_year_category_idx",
            ),
            models.Index(fields=["published_on"]),
            # The lists' own order (Meta.ordering, newest first): the first page and the
            # `after` pages read 50 rows of it. Without it PostgreSQL read the decision_date of
            # decision_year_stats_idx and sorted every decision of the newest days by reference,
            # rows that grow with the data: 3,172 rows (19 ms) for a first page at ten times the
            # sample, 50 (0.4 ms) with it.
            models.Index(fields=["-decision_date", "reference"], name="decision_list_order_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def slug(self) -> str:
        return reference_to_slug(self.reference)

    @property
    def year(self) -> ReportingYear:
        return ReportingYear.containing(self.decision_date)

    def is_public(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()  # the same day as Decision.objects.public()
        return self.published_on is not None and self.published_on <= today

    def get_absolute_url(self) -> str:
        return reverse("decision-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        # The rules are shared with the import (decisions.rules); the admin reports them here.
        from django.utils import timezone

        from .rules import decision_problems

        errors = decision_problems(
            council_id=self.council_id,
            decision_date=self.decision_date,
            received_date=self.received_date,
            published_on=self.published_on,
            outcome=self.outcome,
            remedied_by_authority=self.remedied_by_authority,
            today=timezone.localdate(),
        )
        if errors:
            raise ValidationError(errors)


class Recommendation(models.Model):
    """What the Ombudsman asked the council to do, and whether it did it.

    The compliance outcome is recorded once the Ombudsman has checked: until then the status is
    pending and there is no outcome date; afterwards both are set (enforced in the database).
    """

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="recommendations")
    kind = models.CharField(max_length=24, choices=RecommendationKind.choices)
    description = models.TextField()
    amount = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Pounds, for financial redress.",
    )
    due_date = models.DateField()
    status = models.CharField(
        max_length=16, choices=ComplianceStatus.choices, default=ComplianceStatus.PENDING
    )
    outcome_date = models.DateField(
        null=True, blank=True, help_text="When the compliance outcome was recorded."
    )

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords(no_db_index=["decision"])

    class Meta:
        ordering = ["decision", "due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RecommendationKind.values), name="recommendation_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ComplianceStatus.values),
                name="recommendation_status_valid",
            ),
            models.CheckConstraint(
                condition=(Q(status=ComplianceStatus.PENDING) & Q(outcome_date__isnull=True))
                | (~Q(status=ComplianceStatus.PENDING) & Q(outcome_date__isnull=False)),
                name="recommendation_outcome_date_iff_decided",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="recommendation_amount_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.decision.reference}: {self.get_kind_display()}"

    @property
    def is_service_improvement(self) -> bool:
        return self.kind in SERVICE_IMPROVEMENT_KINDS

    def clean(self) -> None:
        from django.utils import timezone

        from .rules import compliance_council_problem, recommendation_problems

        # The decision as the form has it (an inline formset sets the parent being edited, with
        # its new outcome, even before it is saved); None when there is none yet.
        field = Recommendation._meta.get_field("decision")
        if field.is_cached(self):
            decision = field.get_cached_value(self)
        else:
            decision = Decision.objects.filter(pk=self.decision_id).first()
        errors = recommendation_problems(
            decision_outcome=decision.outcome if decision else None,
            decision_date=decision.decision_date if decision else None,
            due_date=self.due_date,
            status=self.status,
            outcome_date=self.outcome_date,
            today=timezone.localdate(),
        )
        if decision and decision.council_id and "outcome_date" not in errors:
            problem = compliance_council_problem(
                council_id=decision.council_id, outcome_date=self.outcome_date
            )
            if problem:
                errors["outcome_date"] = problem
        if "decision" in errors:
            # The admin edits recommendations inline under their decision, where the decision
            # field is not shown: the message goes on the form as a whole.
            errors[NON_FIELD_ERRORS] = errors.pop("decision")
        if errors:
            raise ValidationError(errors)


class StatisticsSnapshot(models.Model):
    """A reporting year's figures as they stood when staff published them.

    Once a year is published, the site shows these frozen figures (the ones the annual letters
    quoted). The statistics are still computed live as well, so a later correction to a decision
    shows as a revision next to the published value instead of silently changing it.
    `figures` holds the output of `decisions.statistics.live_year_table` as it stood (every
    council of the year, the averages by authority type, and England).
    """

    year = models.PositiveSmallIntegerField(unique=True)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    figures = models.JSONField()

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR),
                name="snapshot_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Published figures {ReportingYear(self.year).label}"

    @property
    def year_label(self) -> str:
        return ReportingYear(self.year).label


class CouncilYearTally(models.Model):
    """The counts behind one council's figures for one reporting year, kept in step with the
    decisions and recommendations by `decisions.services.tallies` in the same transaction as
    every change.

    Why a table: the statistics of every council for a year would otherwise be grouped out of
    the year's decisions, and the compliance counts out of a join of recommendations to
    decisions, on every change of the data (93 ms a year at national scale, ten years for a
    council page). From the tallies a year is one indexed read of a few hundred rows.

    A decision counts in the year of its decision date (per outcome and satisfactory remedies)
    and, separately, in the year of its received date (complaints received); a recommendation
    counts in the year its compliance outcome was recorded. Field names of the outcome counts are
    the outcome codes.
    """

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="tallies")
    year = models.PositiveSmallIntegerField(help_text="Start of the reporting year.")
    complaints_received = models.PositiveIntegerField(default=0)
    upheld = models.PositiveIntegerField(default=0)
    not_upheld = models.PositiveIntegerField(default=0)
    closed_after_initial_enquiries = models.PositiveIntegerField(default=0)
    referred_back_for_local_resolution = models.PositiveIntegerField(default=0)
    advice_given = models.PositiveIntegerField(default=0)
    incomplete_or_invalid = models.PositiveIntegerField(default=0)
    satisfactory_remedies = models.PositiveIntegerField(default=0)
    complied = models.PositiveIntegerField(default=0)
    complied_late = models.PositiveIntegerField(default=0)
    not_complied = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "council"], name="tally_one_per_council_year"),
        ]

    def __str__(self) -> str:
        return f"{self.council_id} {ReportingYear(self.year).label}"


# Kept in their own modules, registered with the app from here.
from .import_jobs import ImportJob  # noqa: E402, F401
from .letter_models import (  # noqa: E402, F401
    AnnualLetter,
    LetterBatch,
    LetterCorrection,
    LetterDelivery,
    LetterRecipients,
    LetterYear,
)
