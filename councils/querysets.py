from __future__ import annotations

from django.db import models
from django.db.models import Q

from ombudsman.years import ReportingYear


class AuthorityType(models.TextChoices):
    """The Ombudsman's comparison groups. City of London is compared with the London boroughs
    and the Isles of Scilly with the unitaries."""

    COUNTY = "county", "County council"
    DISTRICT = "district", "District council"
    METROPOLITAN_BOROUGH = "metropolitan_borough", "Metropolitan borough"
    UNITARY = "unitary", "Unitary council"
    LONDON_BOROUGH = "london_borough", "London borough"


# Each group in the plural, as a sentence names it ("the average for district councils").
# England's nine regions (ONS), as the councils file writes them.
REGIONS = (
    "East Midlands",
    "East of England",
    "London",
    "North East",
    "North West",
    "South East",
    "South West",
    "West Midlands",
    "Yorkshire and The Humber",
)

TYPE_PLURAL = {
    AuthorityType.COUNTY: "county councils",
    AuthorityType.DISTRICT: "district councils",
    AuthorityType.METROPOLITAN_BOROUGH: "metropolitan boroughs",
    AuthorityType.UNITARY: "unitary councils",
    AuthorityType.LONDON_BOROUGH: "London boroughs",
}

# The two ways of drawing England with no council twice: by the lower tier (districts with the
# single-tier councils) or by the upper tier (counties with the single-tier councils).
SINGLE_TIER = (
    AuthorityType.UNITARY,
    AuthorityType.METROPOLITAN_BOROUGH,
    AuthorityType.LONDON_BOROUGH,
)
TIER_TYPES = {
    "lower": (AuthorityType.DISTRICT, *SINGLE_TIER),
    "upper": (AuthorityType.COUNTY, *SINGLE_TIER),
}


# A council's boundaries, simplified and at full detail: tens of kilobytes of JSON each. A list
# of decisions joined to their councils read and decoded them for every row (8 ms of JSON
# decoding per page of 50, and the rows' transfer besides), though no list shows them.
BOUNDARY_FIELDS = ("boundary", "lookup_boundary")


def with_council(queryset: models.QuerySet, path: str = "council") -> models.QuerySet:
    """`queryset` joined to the council at `path` (e.g. "decision__council"), its boundaries
    left unread."""
    return queryset.select_related(path).defer(*(f"{path}__{f}" for f in BOUNDARY_FIELDS))


class CouncilQuerySet(models.QuerySet):
    def active_in(self, year: ReportingYear) -> CouncilQuerySet:
        """Councils that existed on 1 April of the year (the rule the Ombudsman's map uses)."""
        return self.filter(self.active_q(year))

    @staticmethod
    def active_q(year: ReportingYear) -> Q:
        """The condition of `active_in`, for use inside another expression."""
        day = year.first_day
        return (Q(start_date__isnull=True) | Q(start_date__lte=day)) & (
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )

    def of_type(self, authority_type: str) -> CouncilQuerySet:
        return self.filter(authority_type=authority_type)

    def in_tier(self, tier: str) -> CouncilQuerySet:
        return self.filter(authority_type__in=TIER_TYPES[tier])

    def search(self, text: str) -> CouncilQuerySet:
        """The councils whose names `text` matches as the site's search matches them (official,
        short and other names, short forms such as "Bucks", near spellings): councils.search."""
        from councils.search import council_hits  # it reads the councils through this model

        if not text.strip():
            return self
        return self.filter(pk__in=[hit.council.pk for hit in council_hits(text)])
