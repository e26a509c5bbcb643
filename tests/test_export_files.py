"""The whole public list as one CSV file (decisions.services.export_files): the same rows the
list would stream, written once per data version and day, sent from disk (and gzipped once)."""

import datetime as dt
import gzip

import pytest
from django.utils import timezone

from decisions.api.renderers import csv_stream
from decisions.models import Decision, Recommendation
from decisions.services.exports import (
    DECISION_HEADER,
    RECOMMENDATION_HEADER,
    decision_rows,
    recommendation_rows,
)

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def expected(header, rows) -> bytes:
    return "".join(csv_stream(header, rows)).encode()


@pytest.mark.parametrize(
    "path, header, rows, model",
    [
        ("/api/decisions/?format=csv", DECISION_HEADER, decision_rows, Decision),
        (
            "/api/recommendations/?format=csv",
            RECOMMENDATION_HEADER,
            recommendation_rows,
            Recommendation,
        ),
    ],
)
def test_the_whole_list_is_one_file_of_the_public_rows(world, api, path, header, rows, model):
    response = api.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert body(response) == expected(header, rows(model.objects.public()))


def test_a_second_download_reads_the_file_not_the_database(
    world, api, django_assert_max_num_queries
):
    first = body(api.get("/api/decisions/?format=csv"))
    # The data version's read at most (once a second: a slow machine may pass a second).
    with django_assert_max_num_queries(1):
        again = body(api.get("/api/decisions/?format=csv"))
    assert again == first


def test_gzip_is_sent_as_written(world, api):
    plain = body(api.get("/api/decisions/?format=csv"))
    packed = api.get("/api/decisions/?format=csv", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(body(packed)) == plain


def test_a_change_or_a_new_day_writes_a_new_file(world, api, settings, monkeypatch):
    before = body(api.get("/api/decisions/?format=csv"))
    decision = Decision.objects.public().order_by("reference").first()
    decision.summary = "Words changed after the first download."
    decision.save()
    after = body(api.get("/api/decisions/?format=csv"))
    assert after != before and b"Words changed after the first download." in after
    # One set of files at a time: the older one is gone.
    assert len(list(settings.EXPORT_ROOT.glob("decisions-*.csv"))) == 1
    # Tomorrow a decision published tomorrow is public, with no write at all.
    hidden = Decision.objects.exclude(pk__in=Decision.objects.public()).first()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    Decision.objects.filter(pk=hidden.pk).update(published_on=tomorrow)
    today = body(api.get("/api/decisions/?format=csv"))
    assert hidden.reference.encode() not in today
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: tomorrow)
    assert hidden.reference.encode() in body(api.get("/api/decisions/?format=csv"))


def test_a_filtered_list_is_still_streamed_as_asked(world, api):
    response = api.get("/api/decisions/?format=csv&council=E07900001")
    rows = decision_rows(Decision.objects.public().filter(council__gss_code="E07900001"))
    assert body(response) == expected(DECISION_HEADER, rows)
