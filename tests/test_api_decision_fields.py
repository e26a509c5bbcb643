"""A decision in the API's lists is written out field by field in one pass
(`DecisionSerializer.to_representation`, for speed): it must give exactly what DRF's own way
gives from the declared fields, for every kind of decision, with a request and without one."""

import datetime as dt

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from decisions.api.serializers import DecisionDetailSerializer, DecisionSerializer
from decisions.choices import Outcome, ReportType
from tests.factories import CouncilFactory, DecisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decisions():
    council = CouncilFactory(short_name="Wetton", gss_code="E07900011")
    made = [
        DecisionFactory(council=council, outcome=outcome, report_type=report_type)
        for outcome in Outcome.values
        for report_type in ReportType.values
    ]
    made += [
        DecisionFactory(council=council, received_date=None, published_on=None, is_sample=True),
        DecisionFactory(
            council=council,
            remedied_by_authority=True,
            subcategory="",
            summary="",
            decision_date=dt.date(2024, 3, 31),
            published_on=dt.date(2024, 4, 1),
        ),
    ]
    return made


@pytest.mark.parametrize("with_request", [True, False])
def test_the_fast_way_gives_what_drfs_own_way_gives(decisions, with_request):
    request = APIRequestFactory().get("/api/decisions/", HTTP_HOST="testserver")
    context = {"request": request} if with_request else {}
    serializer = DecisionSerializer(context=context)
    for decision in decisions:
        fast = serializer.to_representation(decision)
        generic = serializers.ModelSerializer.to_representation(serializer, decision)
        assert fast == dict(generic), decision.reference
        assert list(fast) == list(generic)  # the fields in the declared order
    if with_request:
        assert fast["page_url"].startswith("http://testserver/decisions/")


def test_a_single_decision_is_written_drfs_own_way_with_its_recommendations(decisions):
    detail = DecisionDetailSerializer(decisions[0]).data
    assert detail["recommendations"] == []
    assert {k: v for k, v in detail.items() if k != "recommendations"} == dict(
        DecisionSerializer(decisions[0]).data
    )
