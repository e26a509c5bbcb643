"""The filters of the table under the map (issue 13, "fair rankings"): type and region filter the
rows the server renders, the switch hides rates on fewer than 10 cases (exactly 9 hidden, exactly
10 shown) and is off by default, the caption counts what is shown, every combination has its own
cache entry, and an unknown value is a 400 naming its parameter."""

import datetime as dt
import re

import pytest

from councils.querysets import AuthorityType
from decisions.choices import Outcome

from .factories import CouncilFactory, DecisionFactory

pytestmark = pytest.mark.django_db
PART = "/?year=2023-24&tier=lower&part=table"


@pytest.fixture
def councils():
    """Four councils of the lower tier in 2023-24, in two regions."""
    serial = iter(range(1, 10_000))

    def council(code, name, kind, region, investigations, upheld):
        c = CouncilFactory(
            gss_code=code,
            short_name=name,
            slug=name.lower(),
            name=f"{name} Council",
            authority_type=kind,
            region=region,
        )
        for i in range(investigations):
            day = dt.date(2023, 5, 1) + dt.timedelta(days=i)
            DecisionFactory(
                reference=f"23 700 {next(serial):03d}",
                council=c,
                outcome=Outcome.UPHELD if i < upheld else Outcome.NOT_UPHELD,
                decision_date=day,
                received_date=day - dt.timedelta(days=60),
                published_on=day + dt.timedelta(days=35),
            )
        return c

    district, unitary = AuthorityType.DISTRICT, AuthorityType.UNITARY
    return {
        "ten": council("E07700001", "Tenby", district, "South East", 10, 5),  # 50.0% on 10
        "nine": council("E07700002", "Ninefield", district, "South East", 9, 9),  # 100% on 9
        "low": council("E07700003", "Lowbury", district, "South West", 20, 8),  # 40.0%
        "uni": council("E06700001", "Unwin", unitary, "South West", 12, 6),  # 50.0%
    }


def rows(html: str) -> dict[str, list[str]]:
    """Each row's council name and its cells, as HTML."""
    found = {}
    for row in re.findall(r"<tr data-gss=[^>]*>(.*?)</tr>", html):
        name = re.search(r"<a [^>]*>(.*?)</a>", row)[1]
        found[name] = re.findall(r"<td[^>]*>.*?</td>", row)
    return found


def caption(html: str) -> str:
    return re.search(r'<p id="table-caption">(.*?)</p>', html, re.S)[1]


def get(client, query: str = ""):
    response = client.get(PART + query)
    assert response.status_code == 200, response.content
    return response.content.decode()


def test_unfiltered_shows_every_council_and_marks_small_rates(councils, client):
    html = get(client)
    assert sorted(rows(html)) == ["Lowbury", "Ninefield", "Tenby", "Unwin"]
    assert caption(html).endswith("figures: 4 councils.")
    # Off by default: the 9-case rate shows, with its caution mark.
    upheld = rows(html)["Ninefield"][2]
    assert upheld == '<td data-value="100.0">100.0%<span class="small-flag">*</span></td>'


def test_region_and_type_filter_the_rows(councils, client):
    html = get(client, "&region=South+East")
    assert sorted(rows(html)) == ["Ninefield", "Tenby"]
    assert "2 of 4 councils shown: councils of every type in South East." in caption(html)
    html = get(client, "&region=South+West&table_type=district")
    assert list(rows(html)) == ["Lowbury"]
    assert "1 of 4 councils shown: district councils in South West." in caption(html)
    html = get(client, "&table_type=unitary")
    assert list(rows(html)) == ["Unwin"]
    assert "1 of 4 councils shown: unitary councils in England." in caption(html)
    assert '<option value="unitary" selected>' in html


def test_the_switch_hides_exactly_nine_and_shows_exactly_ten(councils, client):
    html = get(client, "&small=hide")
    found = rows(html)
    assert len(found) == 4  # the switch hides figures, not councils
    # Ninefield: 9 investigations, so its upheld rate has no figure, and sorts last.
    assert (
        found["Ninefield"][2] == '<td data-value="" class="small-hidden">fewer than 10 cases</td>'
    )
    # Tenby: exactly 10, shown without a mark; its remedy rate rests on 5 upheld: hidden.
    assert found["Tenby"][2] == '<td data-value="50.0">50.0%</td>'
    assert "fewer than 10 cases" in found["Tenby"][3]
    assert "small-flag" not in html
    assert caption(html).endswith("Rates on fewer than 10 cases are not shown.")
    # The counts are not rates: they stay.
    assert found["Ninefield"][1] == '<td data-value="9">9</td>'


def test_each_combination_has_its_own_cache_entry(councils, client):
    seen = {}
    for query in (
        "",
        "&region=South+East",
        "&region=South+West",
        "&small=hide",
        "&region=South+East&small=hide",
        "&table_type=district",
        "&table_type=district&region=South+East",
    ):
        seen[query] = get(client, query)
    assert len(set(seen.values())) == len(seen)
    # And asked again, each is what it was.
    for query, html in seen.items():
        assert get(client, query) == html


def test_a_type_the_tier_does_not_draw_shows_every_type_and_says_so(councils, client):
    html = get(client, "&table_type=county")
    assert len(rows(html)) == 4
    assert "No county councils are drawn at district level, so every type is shown." in html
    assert '<option value="" selected>All types</option>' in html
    assert 'value="county"' not in html


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("&table_type=parish", "table_type"),
        ("&region=Wales", "region"),
        ("&small=maybe", "small"),
    ],
)
def test_unknown_filter_values_are_400s_naming_them(councils, client, query, named):
    for path in (PART + query, "/?year=2023-24" + query):
        response = client.get(path)
        assert response.status_code == 400
        assert f"Unknown {named}" in response.content.decode()


def test_the_page_shows_the_filters_as_applied(world, client):
    html = client.get("/?year=2022-23&region=London&small=hide").content.decode()
    assert list(rows(html)) == ["Hassett"]
    assert '<option value="London" selected>London</option>' in html
    assert re.search(
        r'<input type="checkbox" id="small-hide" name="small" value="hide" checked>', html
    )
    # The filter controls sit in the map's form, before the search box (issue 15: tab stops).
    assert html.index('id="table-filters"') < html.index('id="search-input"')
    assert html.index('id="map-controls"') < html.index('id="table-filters"')
    plain = client.get("/?year=2022-23").content.decode()
    assert 'id="small-hide" name="small" value="hide">' in plain  # off by default
