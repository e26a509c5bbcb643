"""The public pages rendered by the server, against the fixed world of tests/world.py: what they
say, that their figures are the statistics module's, that nothing unpublished leaks, that bad
query parameters give a clear 4xx or a sensible fallback (never a 500), and query ceilings."""

import datetime as dt
import json
import re

import pytest
from django.core.cache import cache

from councils.geo import boundary_index_clear
from councils.models import Postcode
from decisions.choices import Outcome
from decisions.models import Decision
from decisions.services.publishing import statistics_publish
from decisions.statistics import METHOD, council_row
from ombudsman.years import ReportingYear

from .factories import AnnualLetterFactory, DecisionFactory

pytestmark = pytest.mark.django_db
Y2022 = ReportingYear(2022)


def html(response) -> str:
    return response.content.decode()


def fields(page: str) -> dict[str, str]:
    """The <data data-field> values of the council page's headline."""
    return dict(re.findall(r'<data data-field="([\w.]+)" value="([^"]*)"', page))


# --- The map page -------------------------------------------------------------------------


def test_map_page_defaults_to_the_latest_year(world, client):
    response = client.get("/")
    assert response.status_code == 200
    page = html(response)
    assert '<option value="2022-23" selected>' in page
    config = json.loads(
        re.search(r'id="map-config" type="application/json">(.*?)</script>', page)[1]
    )
    assert config["state"] == {
        "year": "2022-23",
        "stat": "upheld_rate",
        "tier": "lower",
        "mode": "value",
        "category": "",  # all complaints
        # The table's filters, off: every type, all of England, small-number rates shown.
        "table_type": "",
        "region": "",
        "small": "show",
    }
    assert config["years"] == ["2022-23", "2021-22"]
    assert config["urls"]["figures"] == "/api/map/figures/"
    assert config["urls"]["councilsApi"] == "/api/councils/"
    assert config["stats"]["upheld_rate"]["breaks"] == [50, 65, 80, 90]
    assert config["leaflet"]["tiles"] == []  # no tile server here: polygons on a plain ground


def test_map_page_has_no_inline_script(world, client):
    page = html(client.get("/"))
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    for attributes, body in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
        assert "src=" in attributes or body.strip().startswith("{")
    assert 'type="module" src="/static/js/map.js"' in page
    assert "style=" not in page


def test_map_table_rows_follow_the_tier(world, client):
    lower = html(client.get("/?year=2022-23&tier=lower"))
    assert 'data-gss="E07900001"' in lower and 'data-gss="E10900001"' not in lower
    assert "District level, 2022-23, provisional figures: 4 councils." in lower
    upper = html(client.get("/?year=2022-23&tier=upper&stat=compliance_rate"))
    assert 'data-gss="E10900001"' in upper and 'data-gss="E07900001"' not in upper
    assert "Compliance rate, 2022-23" in upper
    assert 'href="/api/statistics/?year=2022-23&amp;format=csv"' in upper


def test_map_table_shows_the_year_tables_figures(world, client):
    page = html(client.get("/?year=2022-23"))
    row = re.search(r'<tr data-gss="E07900001">(.*?)</tr>', page, flags=re.S)[1]
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)
    ]
    assert cells == ["Felpersham", "District council", "4", "75.0%*", "33.3%*", "75.0%*", "2.0*"]
    hassett = re.search(r'<tr data-gss="E09900001">(.*?)</tr>', page, flags=re.S)[1]
    assert hassett.count(">–<") == 3  # no investigations: no rates, not 0%


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("year=2022", 400, "is not a reporting year written like 2019-20"),
        ("year=2022-24", 400, "the second part must be the next year"),
        ("year=2005-06", 404, "Years with figures: 2021-22, 2022-23"),
        ("year=1999-00", 400, "outside 2000 to 2099"),
        ("stat=rudeness", 400, "stat=&#x27;rudeness&#x27; is not one of"),
        ("tier=middle", 400, "tier=&#x27;middle&#x27; is not one of: lower, upper"),
    ],
)
def test_bad_map_parameters_say_what_is_wrong(world, client, query, status, message):
    response = client.get(f"/?{query}")
    assert response.status_code == status
    assert message in html(response)


def test_map_page_works_with_an_empty_database(db, client):
    response = client.get("/")
    assert response.status_code == 200
    assert "0 councils" in html(response)


# --- The council page -----------------------------------------------------------------------


def test_council_page_figures_are_the_statistics_modules(world, client):
    page = html(client.get("/councils/felpersham/?year=2022-23"))
    row = council_row(world["felpersham"], Y2022)
    shown = fields(page)
    for field, value in shown.items():
        if field.startswith("rank."):
            continue
        source = row["average"] if field.startswith("average.") else row
        expected = source[field.removeprefix("average.")]
        assert value == ("" if expected is None else str(expected)), field
    assert shown["upheld_rate"] == "75.0" and shown["average.upheld_rate"] == "66.7"
    assert "Of the 4 complaints it investigated in detail" in re.sub(r"<[^>]+>", "", page)
    assert page.count('class="caution"') == 4


def test_council_page_defaults_to_its_latest_year(world, client):
    page = html(client.get("/councils/felpersham/"))
    assert "2022-23 in brief" in page
    assert '<option value="2021-22">' in page


def test_council_page_without_investigations_says_so(world, client):
    page = html(client.get("/councils/hassett/?year=2022-23"))
    assert "No complaint about Hassett went to a detailed investigation" in page
    assert page.count('class="caution"') == 1  # 0 upheld per 100,000 rests on 0 cases


def test_council_page_lists_public_things_only(world, client):
    felpersham = world["felpersham"]
    AnnualLetterFactory(council=felpersham, year=2021, sent_on=dt.date(2022, 7, 1))
    AnnualLetterFactory(council=felpersham, year=2022, sent_on=None, body="A draft.")
    page = html(client.get("/councils/felpersham/?year=2022-23"))
    unpublished = felpersham.decisions.get(published_on__isnull=True)
    assert unpublished.reference not in page
    assert "8 decisions." in page  # 9 made in the year, one not yet published
    assert "Letter on 2021-22" in page and "Letter on 2022-23" not in page
    # Service improvements agreed on the year's decisions, with their compliance.
    assert "Train housing officers on the allocations policy." in page
    assert "Review the procedure." in page and "Not complied" in page
    assert "Pay £250" not in page  # a personal remedy, not a service improvement


def test_council_page_filters_and_pages_decisions(world, client):
    page = html(client.get("/councils/felpersham/?year=2022-23&outcome=upheld"))
    assert "3 decisions." in page
    page = html(client.get("/councils/felpersham/?year=2022-23&category=Benefits+and+tax"))
    assert "1 decision." in page and "Council tax" in page
    ambridge = world["ambridge"]
    for i in range(25):
        DecisionFactory(council=ambridge, reference=f"22 950 {i:03d}", outcome=Outcome.NOT_UPHELD)
    first = html(client.get("/councils/ambridge/?year=2022-23"))
    assert "page 1 of 3" in first and 'rel="next"' in first
    assert "?year=2022-23&amp;page=2#decisions" in first
    last = html(client.get("/councils/ambridge/?year=2022-23&page=99"))
    assert "Page 3 of 3" in last  # past the end: the last page, not an error
    assert client.get("/councils/ambridge/?year=2022-23&page=abc").status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("outcome=splendid", "There is no outcome &#x27;splendid&#x27;; showing every outcome."),
        ("category=Zoos", "No public decisions in the category &#x27;Zoos&#x27; this year"),
    ],
)
def test_unknown_filters_fall_back_with_a_message(world, client, query, message):
    response = client.get(f"/councils/felpersham/?year=2022-23&{query}")
    assert response.status_code == 200
    assert message in html(response)
    assert "8 decisions." in html(response)


@pytest.mark.parametrize(
    ("query", "status"),
    [("year=22-23", 400), ("year=2019-20", 404), ("year=2023-24", 404)],
)
def test_bad_council_years(world, client, query, status):
    assert client.get(f"/councils/felpersham/?{query}").status_code == status


def test_former_council_links_to_its_successor(world, client):
    page = html(client.get("/councils/loxley-barrett/"))
    assert "This council no longer exists." in page
    assert "31 March 2023" in page
    assert '<a href="/councils/felpersham/">Felpersham District Council</a>' in page
    successor = html(client.get("/councils/felpersham/"))
    assert "took over from" in successor and "/councils/loxley-barrett/" in successor
    # 2023-24 has no figures and Loxley Barrett no longer existed then anyway.
    assert client.get("/councils/loxley-barrett/?year=2023-24").status_code == 404


def test_published_year_shows_published_and_revised_figures(world, client):
    statistics_publish(year=Y2022, today=dt.date(2023, 6, 1))
    decision = world["felpersham"].decisions.get(
        outcome=Outcome.NOT_UPHELD, decision_date__year=2022
    )
    decision.outcome = Outcome.UPHELD
    decision.save()
    page = html(client.get("/councils/felpersham/?year=2022-23"))
    assert "These are the published figures for 2022-23." in page
    assert "Corrected since publication" in page
    assert fields(page)["upheld_rate"] == "75.0"  # what the letter quoted
    revised = re.search(r'data-field="revision.upheld_rate">(.*?)</td>', page)[1]
    assert revised == "100.0%"  # 4 of 4 now


def test_council_ranking(world, client):
    page = html(client.get("/councils/ambridge/?year=2022-23"))
    assert 'data-field="rank.upheld_rate" value="1"' in page
    assert "All 1 unitary councils in 2022-23" in page
    assert "(this council)" in page


def test_unknown_council_is_404(world, client):
    assert client.get("/councils/atlantis/").status_code == 404


def test_council_page_escapes_data(world, client):
    council = world["ambridge"]
    council.name = "<script>alert(1)</script>"
    council.save()
    Decision.objects.filter(council=council).update(summary="<b>bold</b>")
    page = html(client.get("/councils/ambridge/?year=2022-23"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


# --- Other pages ----------------------------------------------------------------------------


def test_council_list_search_type_and_former(world, client):
    page = html(client.get("/councils/"))
    assert "Felpersham" in page and "Loxley Barrett" not in page  # ended 2023
    former = html(client.get("/councils/?show=former"))
    assert "Loxley Barrett" in former and "Felpersham" not in former
    assert "Felpersham" in html(client.get("/councils/?q=felpo"))  # alternative name
    assert "Hassett" not in html(client.get("/councils/?q=felpo"))
    districts = html(client.get("/councils/?type=district&show=all"))
    assert "Loxley Barrett" in districts and "Ambridge" not in districts
    odd = client.get("/councils/?type=parish&show=sometimes")
    assert odd.status_code == 200
    assert "There is no council type &#x27;parish&#x27;" in html(odd)


def test_council_list_finds_a_postcode(world, client):
    Postcode.objects.create(postcode="FE11AA", lat=52.05, lon=-0.95)
    boundary_index_clear()  # the per-process index may hold another test's councils
    page = html(client.get("/councils/?q=fe1+1aa"))
    assert "Councils for FE1 1AA" in page
    assert "/councils/felpersham/" in page and "/councils/borsetshire/" in page
    missing = html(client.get("/councils/?q=ZZ9+9ZZ"))
    assert "We do not have the postcode ZZ9 9ZZ" in missing


def test_decision_page(world, client):
    decision = world["felpersham"].decisions.get(remedied_by_authority=True)
    page = html(client.get(decision.get_absolute_url()))
    assert f"Decision {decision.reference}" in page
    assert "already put things right" in page
    assert "Financial redress, £250.00" in page and "Complied late" in page


def test_decision_is_404_until_published(world, client):
    hidden = world["felpersham"].decisions.get(published_on__isnull=True)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    later = DecisionFactory(
        council=world["ambridge"],
        reference="22 960 001",
        published_on=dt.date.today() + dt.timedelta(days=3),
        decision_date=dt.date.today(),
        received_date=None,
    )
    assert client.get(later.get_absolute_url()).status_code == 404
    assert client.get("/decisions/99-999-999/").status_code == 404


def test_letter_page_sent_only(world, client):
    sent = AnnualLetterFactory(council=world["ambridge"], sent_on=dt.date(2023, 7, 1))
    draft = AnnualLetterFactory(council=world["hassett"], sent_on=None)
    response = client.get(sent.get_absolute_url())
    assert response.status_code == 200
    assert "Annual review letter 2022-23" in html(response)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_about_data_page(world, client):
    page = html(client.get("/about/data/"))
    assert METHOD.replace("'", "&#x27;") in page
    for name in ("Upheld rate", "Satisfactory remedy rate", "Compliance rate", "Open Government"):
        assert name in page
    assert "fewer than 10 cases" in page
    assert 'href="/api/statistics/?year=2022-23&amp;format=csv"' in page
    assert 'href="/api/docs/"' in page


def test_sample_notice_and_navigation(world, client, settings):
    page = html(client.get("/councils/"))
    assert "Sample data." in page
    assert '<a href="/councils/" aria-current="page">Councils</a>' in page
    settings.SAMPLE_DATA_NOTICE = False
    assert "Sample data." not in html(client.get("/councils/"))


# --- Query ceilings -------------------------------------------------------------------------


# Cold: the year tables are computed (a fixed handful of grouped queries per year, whatever the
# number of councils or decisions). Warm: they come from the cache.
@pytest.mark.parametrize(
    ("path", "cold", "warm"),
    [
        ("/", 10, 3),
        ("/?year=2021-22&tier=upper", 10, 3),
        ("/councils/", 2, 2),
        ("/councils/felpersham/?year=2022-23", 28, 16),
        # The worked example reads the default year's table (kept per data version).
        ("/about/data/", 6, 2),
    ],
)
def test_query_ceilings(world, client, django_assert_max_num_queries, path, cold, warm):
    cache.clear()
    with django_assert_max_num_queries(cold):
        assert client.get(path).status_code == 200
    with django_assert_max_num_queries(warm):
        assert client.get(path).status_code == 200


def test_decision_and_letter_query_ceilings(world, client, django_assert_max_num_queries):
    letter = AnnualLetterFactory(council=world["ambridge"], sent_on=dt.date(2023, 7, 1))
    decision = world["felpersham"].decisions.get(remedied_by_authority=True)
    with django_assert_max_num_queries(3):
        client.get(decision.get_absolute_url())
    with django_assert_max_num_queries(2):
        client.get(letter.get_absolute_url())
