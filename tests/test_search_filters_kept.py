"""The search form's filters are rendered once per data version, day and choice of them
(decisions.search_views._filters_html) and the rest of the page around them each time: a kept
rendering must be what a fresh one would be, must never be shown for another choice, and must
go when the data changes (a new subcategory is then offered)."""

from __future__ import annotations

import re

import pytest

from decisions import search_views
from ombudsman.cache import derived_clear
from ombudsman.conditional import KEPT
from tests.factories import DecisionFactory
from tests.search_cases import build_cases

pytestmark = pytest.mark.django_db

FILTERS = re.compile(r'<div class="search-form__filters">.*?</fieldset>', re.S)


def _filters(client, path: str) -> str:
    for store in KEPT.values():
        store.clear()  # the finished page is kept too: ask for the page itself
    return FILTERS.search(client.get(path).content.decode())[0]


@pytest.fixture
def cases():
    return build_cases()


@pytest.fixture
def renders(monkeypatch):
    made = []
    original = search_views.render_to_string

    def counted(*args, **kwargs):
        made.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(search_views, "render_to_string", counted)
    return made


def test_other_words_reuse_the_filters_and_match_a_fresh_rendering(cases, client, renders):
    first = _filters(client, "/decisions/?q=noise&outcome=upheld&remedy=apology")
    again = _filters(client, "/decisions/?q=mould&outcome=upheld&remedy=apology&page=2")
    assert again == first and len(renders) == 1
    derived_clear()
    assert _filters(client, "/decisions/?q=noise&outcome=upheld&remedy=apology") == first
    assert len(renders) == 2


def test_another_choice_of_filters_is_rendered_for_itself(cases, client, renders):
    upheld = _filters(client, "/decisions/?q=noise&outcome=upheld")
    anything = _filters(client, "/decisions/?q=noise")
    assert '<option value="upheld" selected>' in upheld
    assert '<option value="upheld">' in anything and 'value="upheld" selected' not in anything
    # The same words and boxes on the reports page: its own form (no "Published as" box).
    reports = _filters(client, "/reports/?q=noise")
    assert 'name="report_type"' in anything and 'name="report_type"' not in reports
    assert len(renders) == 3


def test_a_change_of_the_data_renders_them_again(cases, client, renders):
    before = _filters(client, "/decisions/?q=noise")
    assert "Parking enforcement" not in before
    DecisionFactory(
        reference="22 100 777", category="Transport and highways", subcategory="Parking enforcement"
    )
    after = _filters(client, "/decisions/?q=noise")
    assert "Parking enforcement" in after and len(renders) == 2


def test_a_form_with_problems_is_rendered_afresh_each_time(cases, client, renders):
    for _ in range(2):
        for store in KEPT.values():
            store.clear()
        page = client.get("/decisions/?q=noise&date_from=31/03/2024")
        assert page.status_code == 400
        assert 'aria-invalid="true"' in page.content.decode()
    assert len(renders) == 2
