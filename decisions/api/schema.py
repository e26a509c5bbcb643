"""Serializers that document the statistics responses (dicts built by decisions.statistics).

They describe the shape for the OpenAPI schema; the views return the statistics module's dicts
as they are, so that every endpoint shows the very same numbers.
"""

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from councils.api.serializers import CouncilSerializer
from councils.querysets import TIER_TYPES, AuthorityType
from decisions.choices import Outcome
from decisions.mapdata import AVERAGE_FIELDS, DIGEST_LENGTH, FEATURE_FIELDS
from decisions.service_areas import HEADINGS
from decisions.statistics.figures import (
    FIGURE,
    FIGURES,
    RATES,
    SMALL_NUMBER_THRESHOLD,
    Figure,
    figure_fields,
)
from decisions.statistics.uncertainty import CLASSES, HIGHER, LOWER, bound_fields
from ombudsman.api.fields import YEAR_SCHEMA


def _count(help_text: str):
    return serializers.IntegerField(min_value=0, help_text=help_text)


def _rate(help_text: str):
    return serializers.FloatField(
        allow_null=True, help_text=f"{help_text} One decimal; null when the denominator is 0."
    )


class OutcomesSerializer(serializers.Serializer):
    """Decisions made in the year by outcome."""

    upheld = _count(Outcome.UPHELD.label)
    not_upheld = _count(Outcome.NOT_UPHELD.label)
    closed_after_initial_enquiries = _count(Outcome.CLOSED_AFTER_INITIAL_ENQUIRIES.label)
    referred_back_for_local_resolution = _count(Outcome.REFERRED_BACK.label)
    advice_given = _count(Outcome.ADVICE_GIVEN.label)
    incomplete_or_invalid = _count(Outcome.INCOMPLETE_OR_INVALID.label)


def _field(figure: Figure, help_text: str = ""):
    text = help_text or figure.help
    if figure.is_rate:
        return _rate(text)
    if figure.key == "population":  # unknown for some councils and years
        return serializers.IntegerField(allow_null=True, help_text=text)
    return _count(text)


# The figures in the API's order: the counts, then the rates.
API_FIGURES = sorted(FIGURES, key=lambda figure: figure.is_rate)


def _serializer(name: str, fields: dict, doc: str = "") -> type[serializers.Serializer]:
    """A serializer class whose fields are built from the list of figures: DRF reads declared
    fields from the class body, so the class is made with `type`."""
    return type(name, (serializers.Serializer,), {"__module__": __name__, "__doc__": doc, **fields})


SMALL_NUMBERS_HELP = (
    f"Rates based on fewer than {SMALL_NUMBER_THRESHOLD} cases: show them with a caution."
)


def _small_numbers():
    return serializers.ListField(
        child=serializers.ChoiceField(choices=list(RATES)), help_text=SMALL_NUMBERS_HELP
    )


RevisionSerializer = _serializer(
    "RevisionSerializer",
    {figure.key: _field(figure, "Now.") for figure in API_FIGURES},
    "Live values of a published year's figures that changed after publication.",
)

FiguresSerializer = _serializer(
    "FiguresSerializer",
    {
        **{figure.key: _field(figure) for figure in API_FIGURES},
        "small_numbers": _small_numbers(),
        "outcomes": OutcomesSerializer(),
    },
)


class AverageSerializer(FiguresSerializer):
    authority_type = serializers.ChoiceField(
        choices=AuthorityType.choices, allow_null=True, help_text="null for England."
    )
    label = serializers.CharField()
    councils = _count("Councils in the group that existed in the year.")
    revision = RevisionSerializer(
        allow_null=True, help_text="Published year only: the live figures if they changed since."
    )


def _bound(figure: Figure, side: str):
    return serializers.FloatField(
        allow_null=True,
        help_text=f"The {side} end of the 95% confidence interval of {figure.key} ("
        + ("Wilson score" if figure.percent else "exact Poisson")
        + "). One decimal; null when the rate is.",
    )


def _compared_field(figure: Figure):
    return serializers.ChoiceField(
        choices=list(CLASSES),
        allow_null=True,
        help_text=f"{figure.label} against the pooled average of the council's authority type: "
        "higher or lower when the average lies outside the council's 95% interval, similar "
        "(not clearly different) otherwise; null without a rate.",
    )


def _with_bounds(figure: Figure) -> dict:
    """A figure's field and, after a rate, its interval's two ends (the rows' order)."""
    fields = {figure.key: _field(figure)}
    if figure.is_rate:
        low, high = bound_fields(figure.key)
        fields.update({low: _bound(figure, "lower"), high: _bound(figure, "upper")})
    return fields


CouncilFiguresSerializer = _serializer(
    "CouncilFiguresSerializer",
    {
        **{k: v for figure in API_FIGURES for k, v in _with_bounds(figure).items()},
        "small_numbers": _small_numbers(),
        "outcomes": OutcomesSerializer(),
        "compared": _serializer(
            "ComparedSerializer",
            {key: _compared_field(figure) for key, figure in RATES.items()},
            "Each rate compared with similar councils by significance.",
        )(),
    },
    "A council's figures: each rate with its 95% interval, and its class against its type.",
)


class CouncilYearSerializer(CouncilFiguresSerializer):
    gss_code = serializers.CharField()
    name = serializers.CharField()
    official_name = serializers.CharField()
    slug = serializers.CharField()
    authority_type = serializers.ChoiceField(choices=AuthorityType.choices)
    region = serializers.CharField()
    year = serializers.CharField(help_text="Reporting year, e.g. 2022-23.")
    revision = RevisionSerializer(
        allow_null=True, help_text="Published year only: the live figures if they changed since."
    )


class CouncilStatisticsRowSerializer(CouncilYearSerializer):
    status = serializers.ChoiceField(choices=["provisional", "published"])
    average = AverageSerializer(help_text="Pooled figures for councils of the same type.")
    england = AverageSerializer(help_text="Pooled figures for all councils.")


class StatusMixin(serializers.Serializer):
    year = serializers.CharField()
    status = serializers.ChoiceField(
        choices=["provisional", "published"],
        help_text="published: frozen by staff; later corrections appear under `revision`.",
    )
    published_at = serializers.DateTimeField(allow_null=True)
    method = serializers.CharField(help_text="How the averages are computed.")


class StatisticsListSerializer(StatusMixin):
    count = _count("Rows.")
    results = CouncilYearSerializer(many=True)


class AveragesSerializer(StatusMixin):
    england = AverageSerializer()
    authority_types = AverageSerializer(many=True)


class CouncilStatisticsSerializer(serializers.Serializer):
    council = CouncilSerializer()
    method = serializers.CharField()
    years = CouncilStatisticsRowSerializer(many=True)


# --- The map's figures and boundaries ----------------------------------------------------------


MapAverageSerializer = _serializer(
    "MapAverageSerializer",
    {
        "label": serializers.CharField(help_text="The authority type, in words."),
        **{
            key: _rate(f"Pooled {RATES[key].label[0].lower()}{RATES[key].label[1:]}.")
            for key in AVERAGE_FIELDS
        },
    },
)

# What one category's figures count (decisions.map_categories): the others are null there.
CATEGORY_FIELDS = figure_fields(RATES["upheld_rate"])
CATEGORY_NULL = (
    " Null in one category's figures (`category`): only the upheld rate is counted by category."
)


def _map_field(figure: Figure):
    if figure.key in CATEGORY_FIELDS or figure.key == "population":
        return _field(figure)
    if figure.is_rate:
        return _rate(figure.help + CATEGORY_NULL)
    return serializers.IntegerField(
        min_value=0, allow_null=True, help_text=figure.help + CATEGORY_NULL
    )


MapCouncilSerializer = _serializer(
    "MapCouncilSerializer",
    {
        "name": serializers.CharField(),
        "authority_type": serializers.ChoiceField(choices=AuthorityType.choices),
        "url": serializers.CharField(help_text="The council's page on this site."),
        **{key: _map_field(FIGURE[key]) for key in FEATURE_FIELDS},
        # The choices of every other small_numbers (one enum in the schema); the map lists
        # only the rates it shows.
        "small_numbers": serializers.ListField(
            child=serializers.ChoiceField(choices=list(RATES)),
            help_text=f"Which of the map's rates ({', '.join(AVERAGE_FIELDS)}) rest on fewer "
            f"than {SMALL_NUMBER_THRESHOLD} cases.",
        ),
        "intervals": _serializer(
            "MapIntervalsSerializer",
            {
                key: serializers.ListField(
                    child=serializers.FloatField(),
                    min_length=2,
                    max_length=2,
                    allow_null=True,
                    help_text=f"[lower, upper]: the 95% interval of {key}; null without a rate.",
                )
                for key in AVERAGE_FIELDS
            },
            "Each mapped rate's 95% confidence interval.",
        )(),
        "compared": serializers.DictField(
            child=serializers.ChoiceField(choices=[HIGHER, LOWER]),
            help_text="The mapped rates clearly higher or lower than similar councils' average "
            "(outside the council's 95% interval), by rate; a mapped rate with a figure and no "
            "entry here is not clearly different.",
        ),
        "revised": serializers.BooleanField(
            help_text="Published year only: a figure changed after publication."
        ),
    },
)


class MapFiguresSerializer(serializers.Serializer):
    year = serializers.CharField()
    tier = serializers.ChoiceField(choices=list(TIER_TYPES))
    status = serializers.ChoiceField(
        choices=["provisional", "published"],
        help_text="published: frozen by staff; `revised` marks councils corrected since. "
        "Always provisional for one category's figures, which are counted live.",
    )
    category = serializers.ChoiceField(
        choices=list(HEADINGS),
        allow_null=True,
        help_text="The category (service area) these figures count, as asked for; null for all "
        "complaints. In one category's figures each council's upheld rate, its interval, "
        "`small_numbers` and `compared` are the category's (compared with its type's pooled "
        "rate in the same category), the averages are each type's pooled upheld rate in the "
        "category, and the other rates are null.",
    )
    boundaries = serializers.CharField(
        help_text="Path of the boundary file these figures are drawn on (immutable; join by "
        "GSS code)."
    )
    averages = serializers.DictField(
        child=MapAverageSerializer(),
        help_text="Pooled figures of each authority type drawn at this tier, by type.",
    )
    councils = serializers.DictField(
        child=MapCouncilSerializer(),
        help_text="Every council of the tier in the year, by GSS code.",
    )


BOUNDARY_PATH_PARAMETERS = [
    OpenApiParameter(
        "tier",
        {"type": "string", "enum": list(TIER_TYPES)},
        OpenApiParameter.PATH,
        description="lower: districts with the single-tier councils; upper: counties with the "
        "single-tier councils.",
    ),
    OpenApiParameter(
        "year",
        YEAR_SCHEMA,
        OpenApiParameter.PATH,
        description="The first reporting year these boundaries are drawn for, as the figures "
        "give it.",
    ),
    OpenApiParameter(
        "digest",
        {"type": "string", "pattern": f"^[0-9a-f]{{{DIGEST_LENGTH}}}$"},
        OpenApiParameter.PATH,
        description="The start of the SHA-256 of the file's bytes, as the figures give it.",
    ),
]
