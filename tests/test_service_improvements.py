"""The national list of service improvements: every public one across councils and years,
filters for year, category, kind and compliance, pages, and a 400 naming any parameter the page
does not take."""

import re

import pytest

from decisions.choices import ComplianceStatus, RecommendationKind
from decisions.models import Recommendation

from . import factories

pytestmark = pytest.mark.django_db


def listed(client, **query):
    response = client.get("/service-improvements/", query)
    assert response.status_code == 200
    html = response.content.decode()
    body = html.split('id="improvements"', 1)[1].split("</table>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", body)]


def descriptions(cells):
    return [c.split(": ", 1)[1] for c in cells if ": " in c and c.split(":")[0] in KIND_LABELS]


KIND_LABELS = {RecommendationKind(k).label for k in RecommendationKind.values}


def test_every_year_by_default_and_only_improvements(world, client):
    found = descriptions(listed(client))
    assert found == ["Review the procedure.", "Train housing officers on the allocations policy."]
    # personal remedies (an apology, £250) are not service improvements
    assert not any("£250" in d for d in found)


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"year": "2022-23"}, ["Review the procedure.", "Train housing officers"]),
        ({"year": "2021-22"}, []),
        ({"category": "Benefits and tax"}, ["Review the procedure."]),
        ({"kind": RecommendationKind.TRAINING}, ["Train housing officers"]),
        ({"status": ComplianceStatus.NOT_COMPLIED}, ["Review the procedure."]),
        ({"status": ComplianceStatus.COMPLIED, "kind": RecommendationKind.PROCEDURE_CHANGE}, []),
    ],
)
def test_filters(world, client, query, expected):
    response = client.get("/service-improvements/", query)
    html = response.content.decode()
    assert response.status_code == 200
    for text in expected:
        assert text in html
    assert html.count('<span class="kind">') == len(expected)


def test_an_unpublished_decisions_improvement_is_not_listed(world, client):
    hidden = world["felpersham"].decisions.get(published_on__isnull=True)
    Recommendation.objects.create(
        decision=hidden,
        kind=RecommendationKind.PROCEDURE_CHANGE,
        description="A change nobody may read yet.",
        due_date=hidden.decision_date,
    )
    assert "nobody may read" not in client.get("/service-improvements/").content.decode()


def test_pages_of_fifty_first_and_last(world, client):
    decision = world["ambridge"].decisions.filter(outcome="upheld").first()
    for n in range(49):  # 51 in all: two pages, the last holding one
        factories.RecommendationFactory(
            decision=decision,
            kind=RecommendationKind.OTHER_IMPROVEMENT,
            description=f"Improvement {n:02d}.",
            status=ComplianceStatus.PENDING,
            due_date=decision.decision_date,
            outcome_date=None,
        )
    first = client.get("/service-improvements/").content.decode()
    last = client.get("/service-improvements/", {"page": 2}).content.decode()
    assert "51 service improvements in every year: page 1 of 2." in first
    assert first.count('<span class="kind">') == 50
    assert last.count('<span class="kind">') == 1
    assert 'rel="next"' in first and 'rel="next"' not in last
    assert client.get("/service-improvements/", {"page": 3}).status_code == 404


@pytest.mark.parametrize(
    "query, named",
    [
        ({"catgory": "Housing"}, "catgory"),
        ({"category": "Nothing like it"}, "category"),
        ({"kind": RecommendationKind.APOLOGY}, "kind"),
        ({"status": "done"}, "status"),
        ({"year": "1999-00"}, "1999"),
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
    ],
)
def test_bad_parameters_are_named(world, client, query, named):
    response = client.get("/service-improvements/", query)
    assert response.status_code in (400, 404)
    assert named in response.content.decode()
