"""Every admin URL, as every role, answers as the roles table (ombudsman/roles.py) says.

The cases are generated: for each ModelAdmin in `admin.site._registry`, every URL pattern the
admin URLconf (`admin.site.get_urls()`) gives it (changelist, add, change, delete, history,
django-simple-history's history form for a stored and for a deleted record, the views the
admin adds in `get_urls()`, the redirect to the change page), and every action it has. Each is
requested with GET, and with POST where the view takes one, as a visitor, a staff user in no
group, a caseworker, a publisher and a superuser. A refused request is a 403 or the login page
(an action not offered re-renders the list) and writes nothing; an allowed form POST is sent
with the fields a browser would send on pressing Save, and saves. So a new model, view or
action is covered without a line here, and the libraries' permission checks are not trusted:
a request either gets through or it does not.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.db import transaction
from django.urls import URLPattern, URLResolver, reverse

from ombudsman import roles
from tests.admin_staff import _fast_passwords
from tests.admin_world import (
    ANONYMOUS,
    ROLES,
    build_admin_world,
    form_data,
    role_users,
    row_counts,
)

pytestmark = pytest.mark.django_db
FIXTURES = (_fast_passwords,)
LOGIN = reverse("admin:login")
REGISTERED = {model._meta.label_lower: model for model in admin.site._registry}


def _needs(label: str, *operations: str) -> frozenset[str]:
    """The roles the table gives every one of the operations on the model."""
    rights = roles.RIGHTS.get(label, {})
    allowed = frozenset(ROLES) - {ANONYMOUS}
    for operation in operations:
        allowed &= rights.get(operation, roles.NOBODY)
    return allowed


def _resolver(label: str) -> URLResolver:
    app_label, model_name = label.split(".")
    for pattern in admin.site.get_urls():
        if (
            isinstance(pattern, URLResolver)
            and str(pattern.pattern) == f"{app_label}/{model_name}/"
        ):
            return pattern
    raise AssertionError(f"{label} is registered but the admin URLconf has no URLs for it")


def _cases(label: str, world: dict, superuser_form) -> list[tuple]:
    """(what, method, url, data, the roles allowed, is an action) for every URL of the model."""
    model_admin = admin.site._registry[REGISTERED[label]]
    obj = world["objects"][label]
    prefix = f"{label.replace('.', '_')}_"
    cases = []
    for pattern in _resolver(label).url_patterns:
        assert isinstance(pattern, URLPattern), pattern
        name = pattern.name
        if name is None:
            url = reverse(f"admin:{prefix}changelist") + f"{obj.pk}/"
            cases.append(("redirect", "get", url, None, roles.EVERY_STAFF, False))
            continue
        kind = name.removeprefix(prefix)
        groups = pattern.pattern.regex.groups
        if kind == "simple_history":
            stored = (obj.pk, obj.history.latest().history_id)
            for target, ids, saving in (
                ("stored", stored, ("change",)),
                ("deleted", world["deleted"][label], ("restore", "add")),
            ):
                url = reverse(f"admin:{name}", args=ids)
                cases.append(
                    (f"history form, {target}", "get", url, None, _needs(label, "view"), False)
                )
                data = superuser_form(url)
                cases.append(
                    (f"revert, {target}", "post", url, data, _needs(label, *saving), False)
                )
            continue
        url = reverse(f"admin:{name}", args=[obj.pk] * groups)
        if kind == "changelist":
            cases.append(("changelist", "get", url, None, _needs(label, "view"), False))
            for _, action, _ in model_admin._get_base_actions():
                operation = roles.ACTIONS.get(action) or "nobody's"
                data = {"action": action, "_selected_action": [str(obj.pk)], "index": "0"}
                cases.append(
                    (
                        f"action {action}",
                        "post",
                        url,
                        {**data, "post": "yes"},
                        _needs(label, "view", operation),
                        True,
                    )
                )
        elif kind == "add":
            cases.append(("add", "get", url, None, _needs(label, "add"), False))
            cases.append(("add", "post", url, {"_save": "Save"}, _needs(label, "add"), False))
        elif kind == "change":
            cases.append(("change", "get", url, None, _needs(label, "view"), False))
            cases.append(
                ("change", "post", url, superuser_form(url), _needs(label, "change"), False)
            )
        elif kind == "history":
            cases.append(("history", "get", url, None, _needs(label, "view"), False))
        elif kind == "delete":
            cases.append(("delete", "get", url, None, _needs(label, "delete"), False))
            cases.append(("delete", "post", url, {"post": "yes"}, _needs(label, "delete"), False))
        else:
            allowed = _needs(label, roles.VIEWS.get(name, "nobody's"))
            cases.append((kind, "get", url, None, allowed, False))
            cases.append((kind, "post", url, {}, allowed, False))
    return cases


def _outcome(response, is_action: bool) -> str:
    status = response.status_code
    if status == 403 or status == 302 and response["Location"].startswith(LOGIN):
        return "refused"
    if status not in (200, 302):
        return f"status {status}"
    if is_action:
        # An action not offered is answered "No action selected." (or, when the user has no
        # action at all, with the list); one that ran redirects or shows its own page.
        said = [str(m) for m in get_messages(response.wsgi_request)._queued_messages]
        templates = getattr(response, "template_name", None) or []
        if (
            "No action selected." in said
            or status == 200
            and any("change_list" in t for t in templates)
        ):
            return "refused"
    return "allowed"


def saving(method: str, data) -> bool:
    """A POST of a form as the page showed it (more than the Save button): it saves."""
    return method == "post" and bool(data) and "_save" in data and len(data) > 1


def _run(client, users, cases) -> tuple[list[str], int]:
    wrong, count = [], 0
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        for what, method, url, data, allowed, is_action in cases:
            count += 1
            with transaction.atomic():
                before = row_counts()
                response = getattr(client, method)(url, data or {})
                wrote = row_counts() != before
                transaction.set_rollback(True)
            expected = "allowed" if role in allowed else "refused"
            got = _outcome(response, is_action)
            where = f"{role:10} {method.upper():4} {what} ({url})"
            if got != expected:
                wrong.append(f"{where}: expected {expected}, got {got}")
            elif wrote and (got == "refused" or method == "get"):
                wrong.append(f"{where}: {got}, but it wrote to the database")
            elif saving(method, data) and got == "allowed" and response.status_code != 302:
                wrong.append(f"{where}: allowed, but the form as shown did not save")
    return wrong, count


@pytest.mark.parametrize("label", sorted(REGISTERED))
def test_every_admin_url_answers_as_the_roles_table_says(client, label):
    world = build_admin_world()
    users = role_users()

    def superuser_form(url):
        client.force_login(users[roles.SUPERUSER])
        page = client.get(url)
        assert page.status_code == 200, (url, page.status_code)
        return form_data(page.content.decode())

    cases = _cases(label, world, superuser_form)
    wrong, count = _run(client, users, cases)
    assert count >= 5 * 8, count
    assert not wrong, "\n".join(wrong)


def test_every_model_the_admin_registers_is_in_the_table():
    assert set(REGISTERED) <= set(roles.RIGHTS)
    for label, model in REGISTERED.items():
        for _, action, _ in admin.site._registry[model]._get_base_actions():
            assert action in roles.ACTIONS, f"{label}: action {action} is not in roles.ACTIONS"


# The admin site's own pages, which belong to no model: each is tried below or needs nothing
# beyond being signed in (login, logout, password change, the JavaScript catalogue, the
# autocomplete endpoint, whose answer is a model's view right, and the view-on-site redirect).
SITE_VIEWS = {
    "index",
    "app_list",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "autocomplete",
    "jsi18n",
    "view_on_site",
    None,  # the catch-all: a 404 for a URL nothing else answers
}


def test_the_admin_urlconf_has_nothing_the_generated_cases_miss():
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLResolver):
            assert any(
                str(pattern.pattern) == f"{label.replace('.', '/')}/" for label in REGISTERED
            )
        else:
            assert pattern.name in SITE_VIEWS, f"{pattern} is not covered: add it here"


def test_the_index_and_each_apps_page_show_what_the_table_gives(client):
    users = role_users()
    apps = {label.split(".")[0] for label in REGISTERED}
    wrong = []
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        index = client.get(reverse("admin:index"))
        shown = {
            model["admin_url"]
            for app in (index.context or {}).get("app_list", [])
            for model in app["models"]
        }
        expected = {
            reverse(f"admin:{label.replace('.', '_')}_changelist")
            for label in REGISTERED
            if role in _needs(label, "view")
        }
        if role == ANONYMOUS:
            assert index.status_code == 302 and index["Location"].startswith(LOGIN)
        elif shown != expected:
            wrong.append(f"{role}: the index lists {sorted(shown)}, not {sorted(expected)}")
        for app in sorted(apps):
            page = client.get(reverse("admin:app_list", args=[app]))
            viewable = any(
                role in _needs(label, "view") for label in REGISTERED if label.startswith(f"{app}.")
            )
            got = page.status_code == 200
            if got != viewable:
                wrong.append(f"{role}: the page of {app} answers {page.status_code}")
    assert not wrong, "\n".join(wrong)
