"""The API's filter sets keep their form class (ombudsman/api/filtersets.py): made once per
filter set, each request still validated on a form of its own."""

import pytest
from django.http import QueryDict

from councils.api.filters import CouncilFilter
from decisions.api.filters import DecisionFilter, RecommendationFilter
from decisions.models import Decision, Recommendation

pytestmark = pytest.mark.django_db


def test_each_filter_set_makes_its_form_class_once():
    first = DecisionFilter(QueryDict("outcome=upheld"), queryset=Decision.objects.all())
    second = DecisionFilter(QueryDict("outcome=nonsense"), queryset=Decision.objects.all())
    assert type(first.form) is type(second.form)
    assert first.form is not second.form and first.form.fields is not second.form.fields
    other = RecommendationFilter(QueryDict(""), queryset=Recommendation.objects.all())
    assert type(other.form) is not type(first.form)
    assert set(CouncilFilter().form.fields) == {"authority_type", "region", "year", "q"}


def test_a_kept_form_class_still_judges_each_request_alone():
    decisions = Decision.objects.all()
    assert DecisionFilter(QueryDict("outcome=upheld"), queryset=decisions).is_valid()
    bad = DecisionFilter(QueryDict("outcome=nonsense&year=1990-91x"), queryset=decisions)
    assert not bad.is_valid() and set(bad.errors) == {"outcome", "year"}
    assert DecisionFilter(QueryDict("outcome=not_upheld"), queryset=decisions).is_valid()
