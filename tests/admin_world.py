"""What the generated admin tests (tests/test_admin_roles.py, tests/test_admin_lookups.py)
share: one record of every model the admin registers (and a deleted one of each model with a
history), a user for each role, a count of every row the admin could write, and the form a
browser would send from a page."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.utils import timezone

from decisions.models import (
    AnnualLetter,
    Decision,
    ImportJob,
    LetterBatch,
    LetterRecipients,
    LetterYear,
    Recommendation,
    StatisticsSnapshot,
)
from decisions.tasks import import_run
from ombudsman import roles
from tests.factories import (
    AnnualLetterFactory,
    CouncilFactory,
    DecisionFactory,
    PopulationFactory,
    RecommendationFactory,
)

ANONYMOUS = "anonymous"
# The roles every generated case is tried as: a visitor, a staff user in no group, each group,
# a superuser.
ROLES = (ANONYMOUS, roles.STAFF, roles.CASEWORKER, roles.PUBLISHER, roles.SUPERUSER)


def role_users() -> dict[str, User | None]:
    staff = User.objects.create_user("staffer", is_staff=True)
    casey = User.objects.create_user("casey", is_staff=True)
    casey.groups.add(Group.objects.get(name=roles.CASEWORKERS))
    pat = User.objects.create_user("pat", is_staff=True)
    pat.groups.add(Group.objects.get(name=roles.PUBLISHERS))
    root = User.objects.create_superuser("root")
    return {
        ANONYMOUS: None,
        roles.STAFF: staff,
        roles.CASEWORKER: casey,
        roles.PUBLISHER: pat,
        roles.SUPERUSER: root,
    }


def build_admin_world() -> dict:
    """`objects`: model label -> a stored record of it (for the audit trail's deletions list,
    a deletion record); `deleted`: for each model with a history, a record that was deleted,
    as (its primary key, the history id of a version of it)."""
    council = CouncilFactory(short_name="Borsetshire", gss_code="E90000001")
    population = PopulationFactory(council=council)
    decision = DecisionFactory(reference="22 002 002", council=council)
    recommendation = RecommendationFactory(
        decision=decision, status="complied", outcome_date=dt.date(2022, 10, 3)
    )
    letter = AnnualLetterFactory(council=council, year=2022)
    snapshot = StatisticsSnapshot.objects.create(
        year=2022, published_at=timezone.now(), figures={"england": {"decisions": 1}}
    )
    gone_decision = DecisionFactory(reference="22 003 003", council=council)
    RecommendationFactory(decision=gone_decision)
    gone_recommendation = RecommendationFactory(decision=decision, description="Withdrawn.")
    gone_letter = AnnualLetterFactory(council=council, year=2021)
    deleted = {}
    for gone in (gone_recommendation, gone_decision, gone_letter):
        version = gone.history.earliest().history_id
        deleted[gone._meta.label_lower] = (gone.pk, version)
        gone.delete()
    # A check that found no problems (its files long gone), with the task that ran it.
    upload = ImportJob.objects.create(
        dry_run=True, folder="gone", decisions_file="cases.csv", state=ImportJob.State.CHECKED
    )
    task = import_run.enqueue(upload.pk).db_result
    recipients = LetterRecipients.objects.create(
        council=council,
        year=2022,
        chief_executive_name="Jo Archer",
        chief_executive_email="jo.archer@borsetshire.example",
    )
    letter_year = LetterYear.objects.create(
        year=2022,
        signatory_name="Sam Grundy",
        signatory_title="Head of casework",
        publication_date=dt.date(2023, 7, 20),
    )
    # A sending that has finished (the task ran, nothing left to send).
    sending = LetterBatch.objects.create(
        letter_ids=[letter.pk],
        site_url="http://testserver",
        state=LetterBatch.State.SENT,
        message="0 letter(s) sent.",
    )
    now = timezone.now()
    attempt = {"user_agent": "pytest", "ip_address": "10.0.0.1", "username": "x", "path_info": "/"}
    objects = {
        "councils.council": council,
        "councils.population": population,
        "decisions.decision": decision,
        "decisions.recommendation": recommendation,
        "decisions.annualletter": letter,
        "decisions.statisticssnapshot": snapshot,
        "decisions.importjob": upload,
        "decisions.letterrecipients": recipients,
        "decisions.letteryear": letter_year,
        "decisions.letterbatch": sending,
        "django_tasks_database.dbtaskresult": task,
        "auth.group": Group.objects.get(name=roles.CASEWORKERS),
        "auth.user": User.objects.create_user("member"),
        "axes.accessattempt": AccessAttempt.objects.create(
            **attempt, attempt_time=now, failures_since_start=1, get_data="", post_data=""
        ),
        "axes.accesslog": AccessLog.objects.create(**attempt, attempt_time=now),
        "axes.accessfailurelog": AccessFailureLog.objects.create(
            **attempt, attempt_time=now, locked_out=False
        ),
    }
    for model in (Decision, Recommendation, AnnualLetter):
        history = model.history.model
        objects[history._meta.label_lower] = history.objects.filter(history_type="-").first()
    return {"objects": objects, "deleted": deleted}


def row_counts() -> dict[str, int]:
    """The rows of every model the admin shows, of every history and of the admin's log:
    whatever a request changes, one of these counts moves (or a history row is added)."""
    models = {*admin.site._registry, LogEntry}
    for model in list(models):
        history = getattr(model, "history", None)
        if history is not None and hasattr(history, "model"):
            models.add(history.model)
    return {m._meta.label_lower: m._default_manager.count() for m in models}


class _FormParser(HTMLParser):
    """The fields a browser would submit from the page's main form (the first form with a
    CSRF token after the page's header, i.e. not the logout form)."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._forms = 0
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = "logout" not in (attrs.get("action") or "") and attrs.get(
                "id", ""
            ).endswith("_form")
            return
        if not self._in_form or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.data.append((attrs["name"], attrs.get("value") or default))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value") or ""))
        elif tag == "textarea":
            self._textarea, self._text = attrs["name"], []

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_data(html: str) -> dict[str, list[str]]:
    """What pressing Save on the page would send."""
    parser = _FormParser()
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    data["_save"] = ["Save"]
    return data
