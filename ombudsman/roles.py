"""The staff roles and what each may do in the admin, in one table (`RIGHTS`).

Caseworkers enter and correct decisions and recommendations. Publishers do the same and also
write and send the annual letters and publish (freeze) a year's statistics. Councils, their
boundaries and populations come from the import commands: only superusers change them by hand.
Only superusers delete records, restore deleted ones or see the audit trail's deletions.

`RIGHTS` says, for every model the admin shows, which roles may do each operation. It is the one
source: the groups' model permissions are derived from it (`GROUP_PERMISSIONS`, synced by the
migrations through `groups_sync`), every admin class asks it (`ombudsman.admin_roles.RoleAdmin`,
through `allowed`), the import asks it for the rows it would delete, and tests/test_admin_roles.py
requests every admin URL, action and method as every role and compares the answer with it.

A role is held by an active staff user: `superuser` by a superuser, `caseworker` and `publisher`
by members of the groups, `staff` by every staff user (with no group: the admin's index and
nothing else). Anonymous visitors and users who are not staff hold no role. A right no role holds
(`NOBODY`) is refused to superusers too, e.g. typing a published snapshot in by hand.

If these lists change in a way that changes `GROUP_PERMISSIONS`, add a migration that calls
`groups_sync` again: the sync is idempotent and leaves each group with exactly those permissions.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

CASEWORKERS = "Caseworkers"
PUBLISHERS = "Publishers"

STAFF = "staff"
CASEWORKER = "caseworker"
PUBLISHER = "publisher"
SUPERUSER = "superuser"
# The role each group gives its members.
GROUP_ROLES = {CASEWORKERS: CASEWORKER, PUBLISHERS: PUBLISHER}

NOBODY: frozenset[str] = frozenset()
SUPERUSERS = frozenset({SUPERUSER})
PUBLISHING = frozenset({PUBLISHER, SUPERUSER})
EDITORS = frozenset({CASEWORKER, PUBLISHER, SUPERUSER})
EVERY_STAFF = frozenset({STAFF, CASEWORKER, PUBLISHER, SUPERUSER})

# The model permissions Django knows; the other operations are the admin's own.
MODEL_OPERATIONS = ("view", "add", "change", "delete")
_SUPERUSERS_ONLY = dict.fromkeys(MODEL_OPERATIONS, SUPERUSERS)
_SUPERUSERS_READ = {"view": SUPERUSERS, "add": NOBODY, "change": NOBODY, "delete": NOBODY}
_LOGINS = {"view": SUPERUSERS, "add": NOBODY, "change": SUPERUSERS, "delete": SUPERUSERS}

# model label -> operation -> the roles that may do it. An operation not listed is nobody's.
# view: lists, forms, history; add, change, delete: the forms (change includes reverting to an
# earlier version from the history); restore: bring back a deleted record from the audit trail
# (the history form of a deleted record, the deletions list's action); import: the decision
# upload (it also needs add and change on decisions and add on recommendations, and replacing a
# decision's recommendations needs delete on recommendations, checked row by row); publish:
# freeze a year's figures.
RIGHTS: dict[str, dict[str, frozenset[str]]] = {
    "councils.council": {
        "view": EDITORS,
        "add": SUPERUSERS,
        "change": SUPERUSERS,
        "delete": SUPERUSERS,
    },
    "councils.population": {
        "view": EDITORS,
        "add": SUPERUSERS,
        "change": SUPERUSERS,
        "delete": SUPERUSERS,
    },
    "decisions.decision": {
        "view": EDITORS,
        "add": EDITORS,
        "change": EDITORS,
        "delete": SUPERUSERS,
        "restore": SUPERUSERS,
        "import": EDITORS,
    },
    "decisions.recommendation": {
        "view": EDITORS,
        "add": EDITORS,
        "change": EDITORS,
        "delete": SUPERUSERS,
        "restore": SUPERUSERS,
    },
    "decisions.annualletter": {
        "view": EDITORS,
        "add": PUBLISHING,
        "change": PUBLISHING,
        "delete": SUPERUSERS,
        "restore": SUPERUSERS,
        # send: email the selected letters (in the background, as a LetterBatch).
        "send": PUBLISHING,
    },
    # Who the letters go to and who signs them: kept by the publishers who send them.
    "decisions.letterrecipients": {
        "view": EDITORS,
        "add": PUBLISHING,
        "change": PUBLISHING,
        "delete": PUBLISHING,
    },
    "decisions.letteryear": {
        "view": EDITORS,
        "add": PUBLISHING,
        "change": PUBLISHING,
        "delete": SUPERUSERS,
    },
    # Corrections and deliveries are written by the letter services only and shown read-only
    # under their letter; a sending is written by the send action and the task worker.
    "decisions.lettercorrection": {"view": EDITORS},
    "decisions.letterdelivery": {"view": EDITORS},
    "decisions.letterbatch": {
        "view": PUBLISHING,
        "add": NOBODY,
        "change": NOBODY,
        "delete": SUPERUSERS,
    },
    # Staff uploads, checked or imported in the background: written by the upload page and
    # the task worker only. Anyone who may import sees every upload (a team shares the queue)
    # and may import a check that found no problems ("import": the upload's import button).
    "decisions.importjob": {
        "view": EDITORS,
        "add": NOBODY,
        "change": NOBODY,
        "delete": SUPERUSERS,
        "import": EDITORS,
    },
    # The task queue's own records (django-tasks-db): a failed task's traceback may quote data,
    # so superusers only, and read-only.
    "django_tasks_database.dbtaskresult": _SUPERUSERS_READ,
    # Published figures are written by the publishing service, never typed in the admin.
    "decisions.statisticssnapshot": {
        "view": EDITORS,
        "add": NOBODY,
        "change": NOBODY,
        "delete": NOBODY,
        "publish": PUBLISHING,
    },
    # The audit trail's deletions, with the action that restores them.
    "decisions.historicaldecision": {**_SUPERUSERS_READ, "restore": SUPERUSERS},
    "decisions.historicalrecommendation": {**_SUPERUSERS_READ, "restore": SUPERUSERS},
    "decisions.historicalannualletter": {**_SUPERUSERS_READ, "restore": SUPERUSERS},
    "auth.user": _SUPERUSERS_ONLY,
    "auth.group": _SUPERUSERS_ONLY,
    # django-axes' records of logins: read and cleared, never written by hand.
    "axes.accessattempt": _LOGINS,
    "axes.accesslog": _LOGINS,
    "axes.accessfailurelog": _LOGINS,
}

# The operation each admin action needs (an action not listed, or listed with None, is offered
# to nobody).
ACTIONS: dict[str, str | None] = {
    "delete_selected": "delete",
    "mark_sent_today": "change",
    "send_letters": "send",
    "restore": "restore",
    # django-axes' clean-up fails outside a login request (it reads `request.axes_attempt_time`,
    # which only its login handling sets): a server error, so offered to nobody.
    "cleanup_expired_attempts": None,
}

# The operation each admin view of a model needs besides the standard ones (list and history:
# view; add; change: view to read, change to save; delete). A view not listed is nobody's.
VIEWS: dict[str, str] = {
    "decisions_decision_import": "import",
    "decisions_importjob_confirm": "import",
    "decisions_importjob_progress": "view",
    "decisions_annualletter_generate": "add",
    "decisions_annualletter_pdf": "view",
    "decisions_letterbatch_progress": "view",
    "decisions_statisticssnapshot_publish": "publish",
    "auth_user_password_change": "change",
}
STANDARD_VIEWS = ("changelist", "add", "change", "delete", "history", "simple_history")

# Model permissions the groups hold for the services rather than for the admin: the
# publishing service writes a snapshot on a publisher's behalf.
SERVICE_PERMISSIONS: dict[str, tuple[tuple[str, str], ...]] = {
    PUBLISHERS: (("decisions", "add_statisticssnapshot"),),
}
APP_LABELS = ("councils", "decisions")


def _group_permissions(group: str) -> tuple[tuple[str, str], ...]:
    role = GROUP_ROLES[group]
    derived = [
        (label.split(".")[0], f"{op}_{label.split('.')[1]}")
        for label, rights in RIGHTS.items()
        for op in MODEL_OPERATIONS
        if role in rights.get(op, NOBODY) and label.split(".")[0] in APP_LABELS
    ]
    return tuple(dict.fromkeys([*derived, *SERVICE_PERMISSIONS.get(group, ())]))


# (app label, permission codename) for each group, derived from RIGHTS.
GROUP_PERMISSIONS: dict[str, tuple[tuple[str, str], ...]] = {
    group: _group_permissions(group) for group in GROUP_ROLES
}
CASEWORKER_PERMISSIONS = GROUP_PERMISSIONS[CASEWORKERS]
PUBLISHER_PERMISSIONS = GROUP_PERMISSIONS[PUBLISHERS]


def user_roles(user) -> frozenset[str]:
    """The roles the user holds (none unless an active staff user), read once per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_staff:
        return NOBODY
    cached = getattr(user, "_ombudsman_roles", None)
    if cached is None:
        names = user.groups.filter(name__in=GROUP_ROLES).values_list("name", flat=True)
        cached = frozenset({STAFF, *(GROUP_ROLES[name] for name in names)})
        if user.is_superuser:
            cached |= SUPERUSERS
        user._ombudsman_roles = cached
    return cached


def allowed(user, model_label: str, operation: str) -> bool:
    """Whether the user may do the operation on the model (`RIGHTS`). A model operation also
    needs the model permission itself, so a group's permission removed by hand is respected; a
    permission given by hand beyond the table is not."""
    if not user_roles(user) & RIGHTS.get(model_label.lower(), {}).get(operation, NOBODY):
        return False
    if operation in MODEL_OPERATIONS:
        app_label, model_name = model_label.lower().split(".")
        return user.has_perm(f"{app_label}.{operation}_{model_name}")
    return True


def can_publish(user) -> bool:
    """Whether the user may publish (freeze) a reporting year's statistics."""
    return allowed(user, "decisions.statisticssnapshot", "publish")


def permissions_create(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create the model permissions of our apps now rather than after `migrate` finishes.

    Django creates permissions in its post_migrate signal, which runs after every migration; a
    data migration that needs them on a fresh database must create them itself. Outside a
    migration (`apps` is the global registry) this is a harmless no-op for existing rows.
    """
    from django.contrib.auth.management import create_permissions

    for label in APP_LABELS:
        app_config = apps.get_app_config(label)
        # Migration state app configs have no models module, and create_permissions skips an
        # app without one; this is the documented trick for creating them mid-migration.
        had_module = getattr(app_config, "models_module", None)
        app_config.models_module = had_module or True
        try:
            create_permissions(app_config, apps=apps, using=using, verbosity=0)
        finally:
            app_config.models_module = had_module


def groups_sync(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create or update the staff groups so each holds exactly the permissions listed above.

    Run from a migration, `apps` is the historical state: a permission on a model that a later
    migration creates is skipped, and that later migration grants it by calling this again.
    """
    permissions_create(apps=apps, using=using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        permissions = []
        for app_label, codename in wanted:
            if apps is not global_apps and not _model_in_state(apps, app_label, codename):
                continue
            try:
                permissions.append(
                    Permission.objects.using(using).get(
                        content_type__app_label=app_label, codename=codename
                    )
                )
            except Permission.DoesNotExist as error:
                raise LookupError(
                    f"Permission {app_label}.{codename} for the {name} group does not exist."
                ) from error
        group.permissions.set(permissions)


def _model_in_state(apps, app_label: str, codename: str) -> bool:
    model_name = codename.split("_", 1)[1]  # add_annualletter -> annualletter
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True


def groups_remove(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> None:
    Group = apps.get_model("auth", "Group")
    Group.objects.using(using).filter(name__in=GROUP_PERMISSIONS).delete()
