"""The staff admin: entering decisions, the validation staff see, who may do what, and the
council map page (which must work under a strict Content-Security-Policy)."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from decisions.forms import normalise_reference
from decisions.models import AnnualLetter, Decision, Recommendation, StatisticsSnapshot
from ombudsman.roles import CASEWORKERS, PUBLISHERS
from tests.factories import (
    SQUARE,
    AnnualLetterFactory,
    CouncilFactory,
    DecisionFactory,
    PopulationFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # admin_client's superuser has a password; the default hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _staff(username: str, group: str) -> User:
    user = User.objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def caseworker_client(client):
    client.force_login(_staff("casey", CASEWORKERS))
    return client


@pytest.fixture
def publisher_client(client):
    client.force_login(_staff("pat", PUBLISHERS))
    return client


@pytest.fixture
def council():
    return CouncilFactory(short_name="Borsetshire", gss_code="E90000001")


def _management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _decision_post(council, recommendations=(), **overrides) -> dict:
    data = {
        "reference": "22 123 456",
        "council": str(council.pk),
        "category": "Housing",
        "subcategory": "Homelessness",
        "received_date": "2022-05-01",
        "decision_date": "2022-09-01",
        "outcome": "upheld",
        "report_type": "statement",
        "published_on": "2022-10-20",
        "summary": "The council took too long to decide a homelessness application.",
        "_save": "Save",
        **_management("recommendations", len(recommendations)),
    }
    for index, rec in enumerate(recommendations):
        for key, value in rec.items():
            data[f"recommendations-{index}-{key}"] = value
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


APOLOGY = {
    "kind": "apology",
    "description": "Apologise in writing.",
    "amount": "",
    "due_date": "2022-10-01",
    "status": "complied",
    "outcome_date": "2022-10-03",
}
REDRESS = {
    "kind": "financial_redress",
    "description": "Pay £250 for the distress caused.",
    "amount": "250.00",
    "due_date": "2022-11-01",
    "status": "pending",
    "outcome_date": "",
}
ADD_DECISION = reverse("admin:decisions_decision_add")


def test_caseworker_adds_decision_with_two_recommendations(caseworker_client, council):
    data = _decision_post(council, [APOLOGY, REDRESS], reference=" 22-123-456 ")
    response = caseworker_client.post(ADD_DECISION, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    decision = Decision.objects.get()
    assert decision.reference == "22 123 456"  # typed with dashes and spaces, stored normalised
    assert decision.council == council
    recommendations = list(decision.recommendations.order_by("due_date"))
    assert [(r.kind, r.status, r.amount) for r in recommendations] == [
        ("apology", "complied", None),
        ("financial_redress", "pending", 250),
    ]
    assert decision.history.count() == 1  # the audit trail records the admin change


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"outcome": "not_upheld", "remedied_by_authority": "on"},
            "remedied_by_authority",
            "only possible on an upheld decision",
        ),
        ({"decision_date": "2022-04-01"}, "decision_date", "cannot be before the received date"),
        ({"published_on": "2022-08-01"}, "published_on", "cannot be published before it is made"),
        ({"reference": "22 123 45"}, "reference", "A reference is two digits"),
        (
            {"received_date": "2019-03-01", "decision_date": "2019-03-31", "published_on": ""},
            "decision_date",
            "before 1 April 2019, the start of the first reporting year this site holds",
        ),
        (
            {"decision_date": "2099-09-01", "published_on": ""},
            "decision_date",
            "is in the future",
        ),
        ({"received_date": "2099-05-01"}, "received_date", "is in the future"),
    ],
)
def test_bad_decision_shows_message_and_saves_nothing(
    caseworker_client, council, overrides, field, message
):
    response = caseworker_client.post(ADD_DECISION, _decision_post(council, [REDRESS], **overrides))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert message in " ".join(form.errors[field])
    # The field message is enough: the database's generic constraint message is not repeated.
    assert not form.non_field_errors()
    assert message in response.content.decode()
    assert not Decision.objects.exists()
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize(
    ("status", "outcome_date", "message"),
    [
        ("complied", "", "Give the date the compliance outcome was recorded."),
        ("pending", "2022-10-03", "A pending recommendation has no outcome date yet."),
        (
            "complied",
            "2022-08-31",
            "The compliance outcome cannot be recorded (31 August 2022) before the decision was "
            "made (1 September 2022).",
        ),
        ("complied", "2099-01-01", "The outcome date 1 January 2099 is in the future"),
    ],
)
def test_bad_inline_recommendation_shows_message_and_saves_nothing(
    caseworker_client, council, status, outcome_date, message
):
    bad = {**APOLOGY, "status": status, "outcome_date": outcome_date}
    response = caseworker_client.post(ADD_DECISION, _decision_post(council, [REDRESS, bad]))

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert message in " ".join(formset.errors[1]["outcome_date"])
    assert message in response.content.decode()
    assert not Decision.objects.exists()
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize(
    ("outcome_date", "accepted"),
    [("2022-10-01", False), ("2022-10-02", True)],  # the due date, and the day after
)
def test_complied_late_only_after_the_due_date(caseworker_client, council, outcome_date, accepted):
    late = {**APOLOGY, "status": "complied_late", "outcome_date": outcome_date}
    response = caseworker_client.post(ADD_DECISION, _decision_post(council, [late]))

    if accepted:
        assert response.status_code == 302
        assert Recommendation.objects.get().status == "complied_late"
    else:
        formset = response.context["inline_admin_formsets"][0].formset
        assert "Complied late means after the due date (1 October 2022)" in " ".join(
            formset.errors[0]["status"]
        )
        assert not Decision.objects.exists()


def test_recommendations_only_on_an_upheld_decision(caseworker_client, council):
    response = caseworker_client.post(
        ADD_DECISION, _decision_post(council, [APOLOGY], outcome="not_upheld")
    )

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "Recommendations are only made on upheld decisions; this decision is not upheld." in (
        " ".join(formset.errors[0]["__all__"])
    )
    assert not Decision.objects.exists()


def test_changing_an_outcome_away_from_upheld_keeps_no_recommendations(caseworker_client, council):
    decision = DecisionFactory(council=council, outcome="upheld", decision_date=dt.date(2022, 9, 1))
    rec = RecommendationFactory(decision=decision, due_date=dt.date(2022, 10, 1))
    url = reverse("admin:decisions_decision_change", args=[decision.pk])
    data = _decision_post(council, reference=decision.reference, outcome="not_upheld")
    data.update(
        {
            **_management("recommendations", 1),
            "recommendations-INITIAL_FORMS": "1",
            "recommendations-0-id": str(rec.pk),
            "recommendations-0-decision": str(decision.pk),
            **{f"recommendations-0-{k}": v for k, v in APOLOGY.items()},
        }
    )
    response = caseworker_client.post(url, data)

    assert response.status_code == 200
    assert "Recommendations are only made on upheld decisions" in response.content.decode()
    decision.refresh_from_db()
    assert decision.outcome == "upheld"


def test_a_decision_after_its_councils_abolition_names_the_successor(caseworker_client):
    successor = CouncilFactory(name="Buckinghamshire Council", start_date=dt.date(2020, 4, 1))
    old = CouncilFactory(name="Aylesbury Vale District Council", end_date=dt.date(2020, 3, 31))
    old.replaced_by.add(successor)
    data = _decision_post(
        old, received_date="2020-02-01", decision_date="2020-04-01", published_on=""
    )
    response = caseworker_client.post(ADD_DECISION, data)

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["council"])
    assert (
        "Aylesbury Vale District Council no longer existed on the decision date: the case "
        "belongs to Buckinghamshire Council" in errors
    )
    # The day before the abolition took effect, the old council is right.
    response = caseworker_client.post(ADD_DECISION, {**data, "decision_date": "2020-03-31"})
    assert response.status_code == 302
    assert Decision.objects.get().council == old


def test_duplicate_reference_is_refused(caseworker_client, council):
    DecisionFactory(reference="22 123 456", council=council)
    response = caseworker_client.post(ADD_DECISION, _decision_post(council, reference="22-123-456"))
    assert response.status_code == 200
    assert "already exists" in " ".join(response.context["adminform"].form.errors["reference"])
    assert Decision.objects.count() == 1


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("19-004-123", "19 004 123"),
        ("  19  004 123 ", "19 004 123"),
        ("19004123", "19 004 123"),
        ("17 002 402B", "17 002 402b"),
        ("19 004 12", "19 004 12"),  # left for the validator to refuse
    ],
)
def test_normalise_reference(typed, stored):
    assert normalise_reference(typed) == stored


@pytest.mark.parametrize("url", [reverse("admin:index"), ADD_DECISION])
def test_non_staff_and_anonymous_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))

    client.force_login(User.objects.create_user("member"))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.fixture
def admin_world(council):
    """One of everything, in two reporting years."""
    older = DecisionFactory(
        reference="20 001 001",
        council=council,
        received_date=dt.date(2020, 5, 1),
        decision_date=dt.date(2020, 6, 1),
        published_on=dt.date(2020, 7, 1),
        outcome="not_upheld",
    )
    newer = DecisionFactory(reference="22 002 002", council=council)
    recommendation = RecommendationFactory(
        decision=newer, status="complied", outcome_date=dt.date(2022, 10, 3)
    )
    PopulationFactory(council=council)
    letter = AnnualLetterFactory(council=council)
    snapshot = StatisticsSnapshot.objects.create(
        year=2022, published_at=timezone.now(), figures={"england": {"decisions": 1}}
    )
    return {
        "council": council,
        "decision": newer,
        "older": older,
        "recommendation": recommendation,
        "letter": letter,
        "snapshot": snapshot,
    }


@pytest.mark.parametrize(
    ("model", "key", "query"),
    [
        ("councils_council", "council", "?current=yes&authority_type__exact=unitary&q=Bors"),
        (
            "decisions_decision",
            "decision",
            "?year=2022-23&outcome__exact=upheld&published=yes&_facets=1",
        ),
        (
            "decisions_recommendation",
            "recommendation",
            "?outcome_year=2022-23&service_improvement=no&_facets=1",
        ),
        ("decisions_annualletter", "letter", "?year=2022-23&sent=no"),
        ("decisions_statisticssnapshot", "snapshot", ""),
    ],
)
def test_superuser_sees_every_changelist_and_change_page(
    admin_client, admin_world, model, key, query
):
    obj = admin_world[key]
    changelist = admin_client.get(reverse(f"admin:{model}_changelist") + query)
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == 1
    assert admin_client.get(reverse(f"admin:{model}_change", args=[obj.pk])).status_code == 200
    assert admin_client.get(reverse(f"admin:{model}_history", args=[obj.pk])).status_code == 200


def test_year_filter_lists_years_with_decisions_newest_first(admin_client, admin_world):
    response = admin_client.get(reverse("admin:decisions_decision_changelist") + "?year=2020-21")
    year_filter = response.context["cl"].filter_specs[0]
    assert year_filter.lookup_choices == [("2022-23", "2022-23"), ("2020-21", "2020-21")]
    assert list(response.context["cl"].result_list) == [admin_world["older"]]


def test_bad_year_in_filter_is_not_an_error_page(admin_client, admin_world):
    response = admin_client.get(reverse("admin:decisions_decision_changelist") + "?year=2022")
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize("term", ["22-002-002", "22 002 002", "E90000001", "borsetshire"])
def test_decision_search(admin_client, admin_world, term):
    response = admin_client.get(reverse("admin:decisions_decision_changelist"), {"q": term})
    assert admin_world["decision"] in response.context["cl"].result_list


def test_simple_history_revert_form_renders(admin_client, admin_world):
    decision = admin_world["decision"]
    decision.category = "Education"
    decision.save()
    first = decision.history.earliest()
    url = reverse("admin:decisions_decision_simple_history", args=[decision.pk, first.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["adminform"].form.initial["category"] == "Housing"


def test_caseworker_may_view_but_not_change_a_council(caseworker_client, council):
    url = reverse("admin:councils_council_change", args=[council.pk])
    page = caseworker_client.get(url)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert 'name="_save"' not in page.content.decode()

    response = caseworker_client.post(url, {"short_name": "Renamed", "gss_code": "E90000001"})
    assert response.status_code == 403
    council.refresh_from_db()
    assert council.short_name == "Borsetshire"
    assert caseworker_client.get(reverse("admin:councils_council_add")).status_code == 403


def test_caseworker_cannot_add_a_letter(caseworker_client, council):
    assert caseworker_client.get(reverse("admin:decisions_annualletter_add")).status_code == 403
    changelist = caseworker_client.get(reverse("admin:decisions_annualletter_changelist"))
    assert changelist.status_code == 200
    assert reverse("admin:decisions_annualletter_add") not in changelist.content.decode()


def test_publisher_adds_a_letter(publisher_client, council):
    response = publisher_client.post(
        reverse("admin:decisions_annualletter_add"),
        {
            "council": str(council.pk),
            "year": "2022",
            "addressee": "The Chief Executive",
            "body": "Dear Chief Executive, a review of 2022-23.",
            "sent_on": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    letter = AnnualLetter.objects.get()
    assert (letter.council, letter.year_label, letter.sent_on) == (council, "2022-23", None)


def test_mark_letters_sent_today_leaves_sent_ones_alone(publisher_client, council):
    draft = AnnualLetterFactory(council=council, year=2022)
    sent = AnnualLetterFactory(council=council, year=2021, sent_on=dt.date(2022, 7, 1))
    response = publisher_client.post(
        reverse("admin:decisions_annualletter_changelist"),
        {"action": "mark_sent_today", "_selected_action": [draft.pk, sent.pk]},
        follow=True,
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    sent.refresh_from_db()
    assert draft.sent_on == timezone.localdate()
    assert sent.sent_on == dt.date(2022, 7, 1)
    assert "already been sent" in response.content.decode()


def test_nobody_adds_or_changes_a_snapshot_by_hand(admin_client, admin_world):
    assert admin_client.get(reverse("admin:decisions_statisticssnapshot_add")).status_code == 403
    url = reverse("admin:decisions_statisticssnapshot_change", args=[admin_world["snapshot"].pk])
    assert admin_client.post(url, {"year": "2023"}).status_code == 403
    admin_world["snapshot"].refresh_from_db()
    assert admin_world["snapshot"].year == 2022


def test_council_page_has_map_and_no_inline_script(admin_client, council):
    html = admin_client.get(reverse("admin:councils_council_change", args=[council.pk]))
    html = html.content.decode()

    assert 'id="council-boundary-map"' in html
    assert '<script id="council-boundary-geometry" type="application/json">' in html
    assert '"type": "Polygon"' in html
    assert "leaflet/leaflet.js" in html
    assert "js/admin-boundary-map.js" in html
    # Every script either loads a file or is inert JSON data: nothing a strict CSP would block.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    # The raw GeoJSON is not an editable field.
    assert 'name="boundary"' not in html


def test_council_without_boundary_says_so(admin_client):
    council = CouncilFactory(boundary=None)
    html = admin_client.get(reverse("admin:councils_council_change", args=[council.pk]))
    assert "No boundary stored" in html.content.decode()
    assert "council-boundary-geometry" not in html.content.decode()


def test_council_autocomplete_for_caseworkers(caseworker_client, council):
    response = caseworker_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "decisions",
            "model_name": "decision",
            "field_name": "council",
            "term": "E900",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Borsetshire"]


def test_superuser_changes_a_council_and_the_boundary_survives(admin_client, council):
    url = reverse("admin:councils_council_change", args=[council.pk])
    assert admin_client.get(url).context["has_change_permission"]
    data = {
        "gss_code": council.gss_code,
        "name": "Borsetshire County Council",
        "short_name": "Borsetshire",
        "slug": council.slug,
        "authority_type": "unitary",
        "region": "West Midlands",
        "start_date": "2009-04-01",
        "label_lat": "52.05",
        "label_lon": "-0.95",
        "_save": "Save",
        **_management("populations", 0),
    }
    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    council.refresh_from_db()
    assert council.name == "Borsetshire County Council"
    assert council.boundary == SQUARE  # not a form field, so an edit cannot wipe it
