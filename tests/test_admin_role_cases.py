"""The reported holes in the staff roles, one test each: saving django-simple-history's
history form ("revert") with view permission alone, a caseworker's import deleting the
recommendations it replaces, and an out-of-range year in an admin date filter."""

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councils.services.errors import DataImportError
from decisions.models import Decision, Recommendation
from decisions.services.imports import decisions_import
from tests.admin_staff import _fast_passwords, _staff, caseworker_client, council, publisher_client
from tests.admin_world import form_data
from tests.decision_files import (
    DECISION_HEADER,
    RECOMMENDATION_HEADER,
    decision,
    recommendation,
    write_csv,
)
from tests.factories import AnnualLetterFactory, DecisionFactory, RecommendationFactory
from tests.task_worker import run_queued_tasks

pytestmark = pytest.mark.django_db
FIXTURES = (_fast_passwords, caseworker_client, council, publisher_client)


def _history_form(obj, version, admin_client):
    url = reverse(f"admin:decisions_{obj._meta.model_name}_simple_history", args=[obj.pk, version])
    page = admin_client.get(url)  # the form as a superuser sees it, every field filled in
    return url, form_data(page.content.decode())


def test_a_caseworker_cannot_edit_or_send_a_letter_through_its_history(
    caseworker_client, admin_client, council
):
    letter = AnnualLetterFactory(council=council, body="The draft.")
    url, data = _history_form(letter, letter.history.get().history_id, admin_client)
    data.update(body=["Rewritten by a caseworker."], sent_on=["2023-06-01"])

    page = caseworker_client.get(url)
    assert page.status_code == 200  # caseworkers may read letters and their history
    assert 'name="_save"' not in page.content.decode()
    assert caseworker_client.post(url, data).status_code == 403
    letter.refresh_from_db()
    assert (letter.body, letter.sent_on) == ("The draft.", None)
    assert letter.history.count() == 1


def test_a_publisher_reverts_a_letter_and_the_history_says_so(
    publisher_client, admin_client, council
):
    letter = AnnualLetterFactory(council=council, body="The draft.")
    first = letter.history.get().history_id
    letter.body = "A worse draft."
    letter.save()
    url, data = _history_form(letter, first, admin_client)

    assert publisher_client.post(url, data).status_code == 302
    letter.refresh_from_db()
    assert letter.body == "The draft."
    assert letter.history.first().history_change_reason.startswith("Reverted to the version of")


def test_a_caseworker_cannot_restore_a_deleted_decision_from_its_history(
    caseworker_client, admin_client, council
):
    gone = DecisionFactory(council=council)
    RecommendationFactory(decision=gone)
    pk, version = gone.pk, gone.history.earliest().history_id
    gone.delete()
    gone.pk = pk
    url, data = _history_form(gone, version, admin_client)

    page = caseworker_client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert caseworker_client.post(url, data).status_code == 403
    assert not Decision.objects.exists()
    assert not Decision.history.filter(history_type="+", id=pk).exclude(history_id=version)


def test_a_superuser_may_still_restore_from_the_history_form(admin_client, council):
    gone = DecisionFactory(council=council)
    pk, version = gone.pk, gone.history.earliest().history_id
    gone.delete()
    gone.pk = pk
    url, data = _history_form(gone, version, admin_client)

    assert admin_client.post(url, data).status_code == 302
    restored = Decision.history.filter(id=pk).first()
    assert Decision.objects.filter(pk=pk).exists()
    assert restored.history_change_reason.startswith("Restored from the version of")


def _files(tmp_path, recommendations):
    d = write_csv(tmp_path / "d.csv", DECISION_HEADER, [decision(), decision(ref="22 001 002")])
    r = write_csv(tmp_path / "r.csv", RECOMMENDATION_HEADER, recommendations)
    return d, r


REPLACING = [
    recommendation(),  # line 2: replaces 22 001 001's stored recommendation
    recommendation(ref="22 001 002"),  # line 3: 22 001 002 has none stored
    recommendation(kind="training", status="pending", outcome_date=""),  # line 4: 22 001 001
]


def test_a_caseworkers_import_cannot_delete_the_recommendations_it_replaces(world, tmp_path):
    casey = _staff("casey", "Caseworkers")
    d, r = _files(tmp_path, [recommendation()])
    decisions_import(decisions_path=d, recommendations_path=r, user=casey)  # adding is allowed
    stored = list(Recommendation.objects.values_list("pk", flat=True))
    write_csv(r, RECOMMENDATION_HEADER, REPLACING)

    with pytest.raises(DataImportError) as refused:
        decisions_import(decisions_path=d, recommendations_path=r, user=casey)

    problems = refused.value.problems
    assert [p.split(",")[0] for p in problems] == ["r.csv line 2", "r.csv line 4"]
    assert "22 001 001 already has 1 recommendation(s)" in problems[0]
    assert "casey may not delete recommendations" in problems[0]
    assert list(Recommendation.objects.values_list("pk", flat=True)) == stored
    assert not Decision.objects.filter(reference="22 001 002", recommendations__isnull=False)


def test_the_admin_upload_says_which_rows_and_why(caseworker_client, world, tmp_path):
    d, r = _files(tmp_path, [recommendation()])
    decisions_import(decisions_path=d, recommendations_path=r)
    stored = list(Recommendation.objects.values_list("pk", flat=True))
    write_csv(r, RECOMMENDATION_HEADER, REPLACING)
    response = caseworker_client.post(
        reverse("admin:decisions_decision_import"),
        {
            "decisions": SimpleUploadedFile("d.csv", d.read_bytes()),
            "recommendations": SimpleUploadedFile("r.csv", r.read_bytes()),
        },
    )
    assert response.status_code == 302
    assert run_queued_tasks() == 1
    html = caseworker_client.get(response["Location"]).content.decode()
    assert "r.csv line 2" in html and "r.csv line 4" in html
    assert "may not delete recommendations" in html
    assert list(Recommendation.objects.values_list("pk", flat=True)) == stored


@pytest.mark.parametrize("superuser", [False, True])
def test_the_command_line_and_superusers_still_replace_them(world, tmp_path, superuser):
    d, r = _files(tmp_path, [recommendation()])
    decisions_import(decisions_path=d, recommendations_path=r)
    write_csv(r, RECOMMENDATION_HEADER, REPLACING)
    importer = User.objects.create_superuser("root") if superuser else None
    summary = decisions_import(decisions_path=d, recommendations_path=r, user=importer)
    assert (summary.recommendations_created, summary.recommendations_replaced) == (3, 1)


def test_a_publisher_may_not_delete_recommendations_either(world, tmp_path):
    d, r = _files(tmp_path, [recommendation()])
    decisions_import(decisions_path=d, recommendations_path=r)
    write_csv(r, RECOMMENDATION_HEADER, REPLACING)
    with pytest.raises(DataImportError):
        decisions_import(decisions_path=d, recommendations_path=r, user=_staff("pat", "Publishers"))


def test_a_staff_user_without_a_role_may_not_import(world, tmp_path):
    d, r = _files(tmp_path, [recommendation()])
    staffer = _staff("staffer", None)
    with pytest.raises(DataImportError, match="staffer may not import decisions"):
        decisions_import(decisions_path=d, recommendations_path=r, user=staffer)
    assert not Decision.objects.filter(reference="22 001 001").exists()


def test_an_out_of_range_year_in_a_date_filter_is_a_message(admin_client, council):
    gone = DecisionFactory(council=council)
    gone.delete()
    url = reverse("admin:decisions_historicaldecision_changelist")
    for year in ("99999999999999999999", "9999"):
        response = admin_client.get(url, {"history_date__year": year})
        assert response.status_code == 302
        page = admin_client.get(response["Location"])
        assert page.status_code == 200
        assert "The list could not be filtered as asked" in page.content.decode()
    response = admin_client.get(
        url, {"history_date__year": "2022", "history_date__month": "1", "history_date__day": "1"}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0
