"""The two staff groups and what each may do, in one place.

Caseworkers enter and correct decisions and recommendations. Publishers do the same and also
write and send the annual letters and publish (freeze) a year's statistics. Councils, their
boundaries and populations come from the import commands: only superusers change them by hand,
so neither group holds a change or delete permission on the `councils` app.

Publishing a year has no model permission of its own (that would need `Meta.permissions` on a
model): `can_publish` grants it to superusers and members of the Publishers group, by group name.

The groups are created by the data migration `decisions/0002_staff_groups`, which calls
`groups_sync`. If these lists change, add a new migration that calls `groups_sync` again: the
sync is idempotent and leaves each group with exactly the permissions listed here.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

CASEWORKERS = "Caseworkers"
PUBLISHERS = "Publishers"

# (app label, permission codename)
CASEWORKER_PERMISSIONS: tuple[tuple[str, str], ...] = (
    ("decisions", "add_decision"),
    ("decisions", "change_decision"),
    ("decisions", "view_decision"),
    ("decisions", "add_recommendation"),
    ("decisions", "change_recommendation"),
    ("decisions", "view_recommendation"),
    ("decisions", "view_annualletter"),
    ("decisions", "view_statisticssnapshot"),
    ("councils", "view_council"),
    ("councils", "view_population"),
)
PUBLISHER_PERMISSIONS: tuple[tuple[str, str], ...] = (
    *CASEWORKER_PERMISSIONS,
    ("decisions", "add_annualletter"),
    ("decisions", "change_annualletter"),
    # Snapshots are written by the publishing service on a publisher's behalf, never typed in
    # the admin (its StatisticsSnapshot admin is read-only for everyone).
    ("decisions", "add_statisticssnapshot"),
)
GROUP_PERMISSIONS: dict[str, tuple[tuple[str, str], ...]] = {
    CASEWORKERS: CASEWORKER_PERMISSIONS,
    PUBLISHERS: PUBLISHER_PERMISSIONS,
}
APP_LABELS = ("councils", "decisions")


def can_publish(user) -> bool:
    """Whether the user may publish (freeze) a reporting year's statistics."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=PUBLISHERS).exists()


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
