"""The rankings page (issue 13, "fair rankings"): ties share a place, rates on fewer than 10
cases are set apart by default (exactly 9 set apart, exactly 10 ranked), regions filter, and any
parameter the page does not take is a 400 naming it."""

import datetime as dt
import re

import pytest

from councils.querysets import AuthorityType
from decisions.choices import Outcome
from decisions.selectors import ranking
from ombudsman.years import ReportingYear

from .factories import CouncilFactory, DecisionFactory

Y = ReportingYear(2023)
pytestmark = pytest.mark.django_db


@pytest.fixture
def districts():
    """Five districts in 2023-24: investigations and upheld chosen for the edges."""
    serial = iter(range(1, 10_000))

    def council(code, name, region, investigations, upheld):
        c = CouncilFactory(
            gss_code=code,
            short_name=name,
            slug=name.lower(),
            name=f"{name} District Council",
            authority_type=AuthorityType.DISTRICT,
            region=region,
        )
        for i in range(investigations):
            day = dt.date(2023, 5, 1) + dt.timedelta(days=i)
            DecisionFactory(
                reference=f"23 800 {next(serial):03d}",
                council=c,
                outcome=Outcome.UPHELD if i < upheld else Outcome.NOT_UPHELD,
                decision_date=day,
                received_date=day - dt.timedelta(days=60),
                published_on=day + dt.timedelta(days=35),
            )
        return c

    return {
        "ten": council("E07800001", "Tenby", "South East", 10, 5),  # 50.0% on exactly 10
        "tie": council("E07800002", "Twining", "South East", 20, 10),  # 50.0%: ties with Tenby
        "nine": council("E07800003", "Ninefield", "South East", 9, 9),  # 100% on 9: set apart
        "low": council("E07800004", "Lowbury", "South West", 20, 8),  # 40.0%
        "none": council("E07800005", "Nonesuch", "South West", 0, 0),  # no figure
    }


def names(entries):
    return [e["row"]["name"] for e in entries]


def test_small_rates_are_set_apart_by_default(districts):
    found = ranking(year=Y, authority_type="district", stat="upheld_rate")
    assert names(found["ranked"]) == ["Tenby", "Twining", "Lowbury"]
    assert [e["rank"] for e in found["ranked"]] == [1, 1, 3]
    assert [e["tied"] for e in found["ranked"]] == [True, True, False]
    assert [r["name"] for r in found["small_hidden"]] == ["Ninefield"]
    assert found["small_count"] == 1
    assert [r["name"] for r in found["no_figure"]] == ["Nonesuch"]


def test_shown_small_rates_are_ranked(districts):
    found = ranking(year=Y, authority_type="district", stat="upheld_rate", hide_small=False)
    assert names(found["ranked"]) == ["Ninefield", "Tenby", "Twining", "Lowbury"]
    assert [e["rank"] for e in found["ranked"]] == [1, 2, 2, 4]
    assert found["small_hidden"] == []


def test_region_filters_before_ranking(districts):
    found = ranking(year=Y, authority_type="district", stat="upheld_rate", region="South West")
    assert names(found["ranked"]) == ["Lowbury"]
    assert [e["rank"] for e in found["ranked"]] == [1]
    assert [r["name"] for r in found["no_figure"]] == ["Nonesuch"]


def test_rates_that_print_the_same_share_a_place():
    # 2/3 and 0.66651 both print as 66.7%: one place, not two
    rows = [{"name": "A", "x": 200 / 3}, {"name": "B", "x": 66.651}, {"name": "C", "x": 66.64}]
    from decisions.selectors import _ranked

    assert [r["rank"] for r in _ranked(rows, "x")] == [1, 1, 3]


def rows_of(html):
    body = html.split('id="ranking"', 1)[1].split("</table>", 1)[0]
    return [
        (re.sub(r"<[^>]+>", "", rank), re.sub(r"<[^>]+>", "", name))
        for rank, name in re.findall(r'<td class="num">(.*?)</td><th scope="row">(.*?)</th>', body)
    ]


def test_page_shows_ties_and_sets_small_rates_apart(districts, client):
    response = client.get("/rankings/", {"year": Y.label, "type": "district"})
    assert response.status_code == 200
    html = response.content.decode()
    assert rows_of(html) == [
        ("=1 (tied)", "Tenby"),
        ("=1 (tied)", "Twining"),
        ("3", "Lowbury"),
    ]
    assert "3 ranked, 1 on fewer than 10 cases set apart" in html
    assert 'id="small-numbers"' in html and "Ninefield" in html


def test_page_can_rank_small_rates_too(districts, client):
    html = client.get(
        "/rankings/", {"year": Y.label, "type": "district", "small": "show"}
    ).content.decode()
    assert rows_of(html)[0] == ("1", "Ninefield")
    assert "fewer than 10 cases</strong>" in html
    assert 'id="small-numbers"' not in html


def test_page_region(districts, client):
    html = client.get(
        "/rankings/", {"year": Y.label, "type": "district", "region": "South West"}
    ).content.decode()
    assert rows_of(html) == [("1", "Lowbury")]
    assert "District councils in South West" in html


@pytest.mark.parametrize(
    "query, status, named",
    [
        ({"regio": "London"}, 400, "regio"),
        ({"region": "Mars"}, 400, "region"),
        ({"small": "maybe"}, 400, "small"),
        ({"measure": "upheld"}, 400, "measure"),
        ({"type": "parish"}, 400, "type"),
        ({"year": "2023"}, 400, "year"),
    ],
)
def test_page_refuses_what_it_does_not_take(districts, client, query, status, named):
    response = client.get("/rankings/", {"year": Y.label, **query})
    assert response.status_code == status
    assert named in response.content.decode()
