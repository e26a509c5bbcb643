"""No unpublished decision (not yet due, or never to be published) and no draft letter shows on
any public surface. The surfaces are not listed by hand: every URL pattern outside the admin is
taken from the URLconf and filled with the small world's objects, so a new page or API endpoint is
covered as soon as it is routed (or this test fails, naming the pattern it cannot fill)."""

import datetime as dt
import re

import pytest
from django.urls import URLPattern

from decisions.choices import Outcome, RecommendationKind, ReportType
from decisions.models import AnnualLetter, Decision, Recommendation
from ombudsman.years import ReportingYear
from tests.factories import AnnualLetterFactory, DecisionFactory, RecommendationFactory
from tests.urlconf import public_patterns

pytestmark = pytest.mark.django_db

SECRET = "Quetzalcoatlian marmalade"  # in no other fixture
DRAFT = "Draft letter about the Quetzalcoatlian pelican"
SENT = "The letter that was sent about the year."

# Query strings tried on every surface: the filters that might reach a decision, the years that
# hold the hidden decisions, and the CSV rendering.
QUERIES = [
    "",
    "?year=2022-23",
    "?year={current}",
    "?format=csv",
    "?format=csv&year=2022-23",
    "?format=csv&year={current}",
    "?q=Quetzalcoatlian",
    "?council=E07900001",
    "?council=E07900001&year=2022-23",
    "?report_type=report",
    "?outcome=upheld",
    "?outcome=upheld&year=2022-23",
    "?category=Housing&year=2022-23",
    "?tier=lower&year=2022-23",
    "?tier=upper&year=2022-23",
]


@pytest.fixture
def hidden(world):
    """Two hidden decisions in a year with data and two in the current year, each with a
    distinctive reference, summary and service improvement; a draft letter and a sent one."""
    today = dt.date.today()
    felpersham = world["felpersham"]
    made = []
    for n, (decided, published_on) in enumerate(
        [
            (dt.date(2023, 2, 1), None),
            (dt.date(2023, 2, 2), today + dt.timedelta(days=30)),
            (today - dt.timedelta(days=3), None),
            (today - dt.timedelta(days=3), today + dt.timedelta(days=1)),
        ],
        start=1,
    ):
        decision = DecisionFactory(
            reference=f"22 888 00{n}",
            council=felpersham,
            decision_date=decided,
            received_date=decided - dt.timedelta(days=90),
            published_on=published_on,
            outcome=Outcome.UPHELD,
            report_type=ReportType.REPORT,
            category="Housing",
            summary=f"Statement {n} about the {SECRET}.",
        )
        RecommendationFactory(
            decision=decision,
            kind=RecommendationKind.TRAINING,
            description=f"Train officers about the {SECRET} ({n}).",
            due_date=decided + dt.timedelta(days=30),
        )
        made.append(decision)
    draft = AnnualLetterFactory(council=felpersham, year=2022, body=DRAFT, sent_on=None)
    sent = AnnualLetterFactory(
        council=world["ambridge"], year=2022, body=SENT, sent_on=dt.date(2023, 7, 1)
    )
    return {"decisions": made, "draft": draft, "sent": sent, **world}


def forbidden_texts() -> list[str]:
    """Every hidden decision's reference (both spellings) and summary, every hidden
    recommendation's description and every draft letter's body."""
    public = Decision.objects.public()
    texts = [SECRET, "Quetzalcoatlian pelican"]
    for decision in Decision.objects.exclude(pk__in=public):
        texts += [decision.reference, decision.slug]
        if SECRET in decision.summary:
            texts.append(decision.summary)
    for recommendation in Recommendation.objects.exclude(decision__in=public):
        if SECRET in recommendation.description:
            texts.append(recommendation.description)
    texts += [letter.body for letter in AnnualLetter.objects.filter(sent_on__isnull=True)]
    return texts


def boundaries_url(client, tier="lower", year="2022-23") -> str:
    return client.get(f"/api/map/figures/?year={year}&tier={tier}").json()["boundaries"]


GROUP = r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)"  # (?P<name>regex) in a regex pattern
CONVERTER = r"(?<!P)<(?:\w+:)?(\w+)>"  # <converter:name> in a path() route


def fill(route: str, pattern: URLPattern, objects: dict, client) -> list[str]:
    """Concrete paths for a pattern, filled with public objects; [] when it cannot be filled."""
    felpersham = objects["felpersham"]
    public_decision = Decision.objects.public().filter(council=felpersham).first()
    public_recommendation = Recommendation.objects.public().first()
    values = {
        "gss_code": felpersham.gss_code,
        "reference": public_decision.slug,
        "format": "json",
    }
    if pattern.name == "api-compare":
        return ["/api/compare/?councils=E07900001,E06900001"]
    if pattern.name == "compare":
        return ["/compare/", "/compare/?councils=felpersham,ambridge"]
    if pattern.name == "api-lookup":
        return ["/api/lookup/?lat=52.05&lon=-0.95"]
    if pattern.name == "api-council-search":  # a name to search for is required
        return ["/api/councils/search/?q=felpo"]
    if pattern.name == "api-map-boundaries":
        return [boundaries_url(client), boundaries_url(client, "upper")]
    if pattern.name == "council-detail" and "slug" in route:
        values["slug"] = felpersham.slug
    elif pattern.name == "decision-detail":
        values["slug"] = public_decision.slug
    if pattern.name in ("letter-detail", "letter-pdf"):
        values["pk"] = objects["sent"].pk
    elif pattern.name == "recommendation-detail":
        values["pk"] = public_recommendation.pk

    path = "/" + route
    names = re.findall(GROUP, path) + re.findall(CONVERTER, path)
    if any(name not in values for name in names):
        return []
    if pattern.name == "api-root" and "format" in names:
        return ["/api/.json"]
    path = re.sub(GROUP, lambda m: str(values[m[1]]), path)
    path = re.sub(CONVERTER, lambda m: str(values[m[1]]), path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "")
    paths = [path]
    if "format" in names:
        paths.append(path.replace(".json", ".csv"))
    return paths


def body_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    if response.get("Content-Type") == "application/pdf":
        # A sent letter's PDF holds that letter alone (its text is compressed in the file; a
        # draft's PDF is a 404, test_a_draft_letter_is_not_found).
        return response.content.decode("latin-1")
    return response.content.decode()


def test_every_public_url_pattern_is_filled(hidden, client):
    unfilled = [
        f"{route} ({pattern.name})"
        for route, pattern in public_patterns()
        if not fill(route, pattern, hidden, client)
    ]
    assert not unfilled, (
        "These public URL patterns cannot be filled with the small world's objects; teach "
        f"fill() in {__name__} how to build them: {unfilled}"
    )


def test_no_hidden_decision_or_draft_letter_on_any_public_surface(hidden, client):
    current = ReportingYear.current().label
    forbidden = forbidden_texts()
    assert len(forbidden) > 10
    paths = sorted(
        {
            path
            for route, pattern in public_patterns()
            for path in fill(route, pattern, hidden, client)
        }
    )
    assert len(paths) > 20
    leaks, broken, errors, seen = [], [], [], 0
    for path in paths:
        for query in QUERIES:
            url = path + query.format(current=current)
            if "?" in path and query:
                url = path + "&" + query[1:].format(current=current)
            try:
                # A redirect is followed: what it leads to must not leak either.
                response = client.get(url, follow=True)
            except Exception as exc:  # noqa: BLE001 - a crash is reported with its URL
                errors.append((url, repr(exc)))
                continue
            if response.status_code == 405 and "GET" not in response.get("Allow", ""):
                continue  # takes no GET at all (the CSP report endpoint): nothing to read
            # every surface answers its plain form; a .csv suffix only where CSV is rendered
            if query == "" and response.status_code != 200 and not path.endswith(".csv"):
                broken.append((url, response.status_code))
            text = body_of(response)
            seen += response.status_code == 200
            leaks += [(url, secret) for secret in forbidden if secret in text]
    assert not leaks, leaks
    assert not errors, f"public surfaces that raise: {errors}"
    assert not broken, f"public surfaces that do not answer 200 without a query: {broken}"
    assert seen > len(paths) * 3


def test_the_surfaces_include_the_pages_that_list_decisions(hidden, client):
    """The walk reaches the pages that do list the world's public decisions and service
    improvements: a leak there would be seen."""
    paths = {
        path
        for route, pattern in public_patterns()
        for path in fill(route, pattern, hidden, client)
    }
    for expected in (
        "/",
        "/councils/",
        "/councils/felpersham/",
        "/decisions/",
        "/reports/",
        "/api/decisions/",
        "/api/recommendations/",
        "/api/letters/",
        "/api/statistics/",
        "/api/councils/E07900001/statistics/",
        f"/letters/{hidden['sent'].pk}/",
    ):
        assert expected in paths
    assert SENT in body_of(client.get(f"/letters/{hidden['sent'].pk}/"))
    assert "Train housing officers" in body_of(client.get("/councils/felpersham/?year=2022-23"))


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_hidden_decisions_are_not_found(hidden, client, n):
    for path in (f"/decisions/22-888-00{n}/", f"/api/decisions/22-888-00{n}/"):
        assert client.get(path).status_code == 404
    # Typed into the decisions search (or a council search box, which sends it there).
    for path in ("/decisions/", "/councils/"):
        response = client.get(path, {"q": f"22 888 00{n}"}, follow=True)
        assert response.status_code == 404
        assert SECRET not in response.content.decode()


def test_a_draft_letter_is_not_found(hidden, client):
    pk = hidden["draft"].pk
    assert client.get(f"/letters/{pk}/").status_code == 404
    assert client.get(f"/letters/{pk}/pdf/").status_code == 404
    assert client.get(f"/api/letters/{pk}/").status_code == 404


def test_council_statistics_format_suffix(world, client):
    # The router's format-suffix routes of the statistics action were a 500 (the action took no
    # `format` argument).
    response = client.get("/api/councils/E07900001/statistics.json")
    assert response.status_code == 200
    assert response.json()["council"]["gss_code"] == "E07900001"
    csv = client.get("/api/councils/E07900001/statistics.csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
