from __future__ import annotations

import datetime as dt

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from ombudsman.years import FIRST_YEAR, LAST_YEAR, ReportingYear

from .querysets import AuthorityType, CouncilQuerySet

GSS_CODE_RE = r"^E\d{8}$"
gss_code_validator = RegexValidator(
    GSS_CODE_RE, "An English GSS code is E followed by eight digits, e.g. E07000098."
)


class Council(models.Model):
    """An English council as the Ombudsman compares it.

    Councils come and go with reorganisations (Buckinghamshire 2020, Northamptonshire 2021,
    Cumbria, North Yorkshire and Somerset 2023). A council is never deleted when it is abolished:
    its decisions stay attached to it, `end_date` records its last day and `replaced_by` the
    councils that took over. Which councils a reporting year shows is decided by the dates alone
    (see `CouncilQuerySet.active_in`).
    """

    gss_code = models.CharField(
        "GSS code",
        max_length=9,
        unique=True,
        validators=[gss_code_validator],
        help_text="The ONS code, the council's public identifier (E07000098).",
    )
    registry_code = models.CharField(
        max_length=3, blank=True, help_text="The three-letter local authority register code."
    )
    name = models.CharField("official name", max_length=200)
    short_name = models.CharField(max_length=120, help_text="The everyday name: 'Hertsmere'.")
    slug = models.SlugField(max_length=140, unique=True)
    authority_type = models.CharField(max_length=24, choices=AuthorityType.choices)
    region = models.CharField(max_length=60, blank=True)
    county = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="districts",
        limit_choices_to={"authority_type": AuthorityType.COUNTY},
        help_text="For a district, the county council of its area.",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(
        null=True, blank=True, help_text="The last day the council existed; empty if it still does."
    )
    replaced_by = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="predecessors"
    )
    alt_names = models.TextField(
        blank=True, help_text="Other names people and the Ombudsman use, one per line."
    )
    website_slug = models.CharField(max_length=120, blank=True)
    boundary = models.JSONField(
        null=True, blank=True, help_text="Simplified GeoJSON geometry in WGS84 (lon, lat)."
    )
    boundary_source = models.CharField(max_length=300, blank=True)
    lookup_boundary = models.JSONField(
        null=True,
        blank=True,
        help_text="The boundary at full source detail, for finding the council of a point: the "
        "map's boundary is simplified too far to place addresses near a border.",
    )
    label_lat = models.FloatField(null=True, blank=True)
    label_lon = models.FloatField(null=True, blank=True)

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gss_code__regex=GSS_CODE_RE), name="council_gss_code_format"
            ),
            models.CheckConstraint(
                condition=Q(authority_type__in=AuthorityType.values), name="council_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="council_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["authority_type", "start_date", "end_date"])]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("council-detail", kwargs={"slug": self.slug})

    def exists_in(self, year: ReportingYear) -> bool:
        day = year.first_day
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or self.end_date >= day
        )

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date >= dt.date.today()

    @property
    def alt_name_list(self) -> list[str]:
        return [n for n in self.alt_names.splitlines() if n.strip()]


class Population(models.Model):
    """Residents of a council in a reporting year: the divisor of `upheld_per_100k`."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(FIRST_YEAR)],
        help_text="Start of the reporting year: 2019 means 2019-20.",
    )
    population = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    # ONS descriptions of derived figures run past 200 characters (a county summed from its
    # districts, with the workbook it came from).
    source = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["council", "year"]
        constraints = [
            models.UniqueConstraint(fields=["council", "year"], name="population_one_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR),
                name="population_year_range",
            ),
            models.CheckConstraint(condition=Q(population__gt=0), name="population_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.council} {ReportingYear(self.year).label}: {self.population}"


class Postcode(models.Model):
    """A postcode's point, from the ONS Postcode Directory. `postcode` is normalised: upper case,
    no spaces (`WD61WA`), so a lookup matches however a person typed it."""

    postcode = models.CharField(max_length=8, primary_key=True)
    lat = models.FloatField()
    lon = models.FloatField()

    def __str__(self) -> str:
        return self.postcode
