"""The Content-Security-Policy holds on every kind of page, the API's documentation, its
browsable pages and the staff admin included: Chromium loads each under the real header and
`Session` fails on any violation it reports. The API pages come from the router and the admin
pages from the admin registry, so a new endpoint or model is covered without editing this."""

import pytest
from django.contrib import admin
from django.urls import reverse

from ombudsman.api.urls import router

from .browser import browser, session, sign_in_as_superuser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURES = (browser, session)

PAGES = [
    "/",
    "/councils/",
    "/councils/felpersham/?year=2022-23",
    "/about/data/",
    "/api/",
    "/api/docs/",
    "/api/statistics/?year=2022-23",
    "/api/averages/?year=2022-23",
]


def test_public_pages_and_the_api_documentation_keep_the_policy(world, session):
    paths = [*PAGES, *(f"/api/{prefix}/" for prefix, _, _ in router.registry)]
    for path in paths:
        page = session.open(path)
        page.wait_for_load_state("networkidle")
    # The documentation page works, not only loads: Swagger UI drew the operations.
    session.open("/api/docs/").wait_for_selector(".opblock", timeout=10_000)
    # ReDoc cannot run under the policy; its old address leads to the documentation that can.
    assert session.open("/api/redoc/").url.endswith("/api/docs/")


def test_every_admin_page_keeps_the_policy(world, session, django_user_model):
    sign_in_as_superuser(session, django_user_model)
    decision = world["loxley"].decisions.first()
    decision.summary = "Changed, so that it has a history to list."
    decision.save()
    paths = []
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        paths.append(reverse(f"admin:{info[0]}_{info[1]}_changelist"))
        if model_admin.has_add_permission(_superuser_request(django_user_model)):
            paths.append(reverse(f"admin:{info[0]}_{info[1]}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            paths.append(reverse(f"admin:{info[0]}_{info[1]}_change", args=[first.pk]))
            paths.append(reverse(f"admin:{info[0]}_{info[1]}_history", args=[first.pk]))
    record = decision.history.order_by("history_id").first()
    paths.append(f"/admin/decisions/decision/{decision.pk}/history/{record.history_id}/")
    for path in paths:
        session.open(path).wait_for_load_state("networkidle")


def _superuser_request(user_model):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user_model.objects.get(username="chief")
    return request
