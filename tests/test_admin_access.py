"""The staff admin beyond the decision form: who may see and do what (anonymous visitors,
caseworkers, publishers, superusers), every changelist with its filters and search, the
history pages, letters and snapshots, and the council page's map (which must work under a
strict Content-Security-Policy)."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from decisions.models import AnnualLetter, StatisticsSnapshot
from tests.admin_staff import (
    ADD_DECISION,
    _fast_passwords,
    _management,
    caseworker_client,
    council,
    publisher_client,
)
from tests.factories import (
    SQUARE,
    AnnualLetterFactory,
    CouncilFactory,
    DecisionFactory,
    PopulationFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db
# Fixtures from tests/admin_staff.py, which pytest finds here by their names.
FIXTURES = (_fast_passwords, caseworker_client, council, publisher_client)


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
