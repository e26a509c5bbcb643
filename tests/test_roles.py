"""The staff groups created by migration, and the publishing right."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser, Group, Permission, User

from ombudsman.roles import CASEWORKERS, PUBLISHERS, can_publish, groups_sync

pytestmark = pytest.mark.django_db

# Written out here rather than imported from ombudsman.roles, so that a change to the roles is
# a deliberate change to this test too.
CASEWORKER = {
    "decisions.add_decision",
    "decisions.change_decision",
    "decisions.view_decision",
    "decisions.add_recommendation",
    "decisions.change_recommendation",
    "decisions.view_recommendation",
    "decisions.view_annualletter",
    "decisions.view_statisticssnapshot",
    "decisions.view_importjob",
    "decisions.view_letterrecipients",
    "decisions.view_letteryear",
    "decisions.view_lettercorrection",
    "decisions.view_letterdelivery",
    "councils.view_council",
    "councils.view_population",
}
PUBLISHER = CASEWORKER | {
    "decisions.add_annualletter",
    "decisions.change_annualletter",
    "decisions.add_statisticssnapshot",
    "decisions.add_letterrecipients",
    "decisions.change_letterrecipients",
    "decisions.delete_letterrecipients",
    "decisions.add_letteryear",
    "decisions.change_letteryear",
    "decisions.view_letterbatch",
}


def _permissions(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.parametrize(("name", "expected"), [(CASEWORKERS, CASEWORKER), (PUBLISHERS, PUBLISHER)])
def test_groups_exist_after_migrations_with_exactly_their_permissions(name, expected):
    assert _permissions(name) == expected


def test_no_group_may_change_or_delete_councils():
    council_rights = Permission.objects.filter(content_type__app_label="councils").exclude(
        codename__startswith="view_"
    )
    assert council_rights.exists()  # the permissions exist; the groups simply do not hold them
    assert not Group.objects.filter(permissions__in=council_rights).exists()


def test_group_members_get_the_rights():
    user = User.objects.create_user("casey", is_staff=True)
    user.groups.add(Group.objects.get(name=CASEWORKERS))
    user = User.objects.get(pk=user.pk)  # a fresh object: permissions are cached per instance
    assert user.has_perm("decisions.change_decision")
    assert not user.has_perm("decisions.add_annualletter")
    assert not user.has_perm("councils.change_council")


def test_sync_is_idempotent_and_restores_exact_permissions():
    group = Group.objects.get(name=CASEWORKERS)
    group.permissions.add(Permission.objects.get(codename="delete_council"))
    groups_sync()
    groups_sync()
    assert _permissions(CASEWORKERS) == CASEWORKER
    assert Group.objects.filter(name__in=[CASEWORKERS, PUBLISHERS]).count() == 2


def test_reverse_migration_removes_the_groups():
    migration = importlib.import_module("decisions.migrations.0002_staff_groups")
    other = Group.objects.create(name="Auditors")
    migration.remove_groups(apps, schema_editor=_SchemaEditorStub())
    assert list(Group.objects.all()) == [other]


class _SchemaEditorStub:
    class connection:  # noqa: N801 - mimics schema_editor.connection.alias
        alias = "default"


def test_can_publish():
    publisher = User.objects.create_user("pat", is_staff=True)
    publisher.groups.add(Group.objects.get(name=PUBLISHERS))
    caseworker = User.objects.create_user("casey", is_staff=True)
    caseworker.groups.add(Group.objects.get(name=CASEWORKERS))
    superuser = User.objects.create_superuser("root")
    retired = User.objects.create_user("gone", is_staff=True, is_active=False)
    retired.groups.add(Group.objects.get(name=PUBLISHERS))

    assert can_publish(publisher)
    assert can_publish(superuser)
    assert not can_publish(caseworker)
    assert not can_publish(retired)
    assert not can_publish(AnonymousUser())


def test_the_table_bounds_the_groups_permissions_both_ways():
    """A permission given by hand beyond the table is not honoured; one taken from a group by
    hand is not given back by the table."""
    from ombudsman.roles import allowed

    casey = User.objects.create_user("casey", is_staff=True)
    casey.groups.add(Group.objects.get(name=CASEWORKERS))
    casey.user_permissions.add(Permission.objects.get(codename="delete_recommendation"))
    casey = User.objects.get(pk=casey.pk)
    assert casey.has_perm("decisions.delete_recommendation")
    assert not allowed(casey, "decisions.recommendation", "delete")
    assert allowed(casey, "decisions.decision", "change")

    Group.objects.get(name=CASEWORKERS).permissions.remove(
        Permission.objects.get(codename="change_decision")
    )
    casey = User.objects.get(pk=casey.pk)
    assert not allowed(casey, "decisions.decision", "change")
    assert not allowed(User.objects.create_user("member"), "decisions.decision", "view")


def test_whoever_may_import_may_do_what_an_import_does_through_the_forms():
    from ombudsman.roles import RIGHTS

    importers = RIGHTS["decisions.decision"]["import"]
    assert importers <= RIGHTS["decisions.decision"]["add"]
    assert importers <= RIGHTS["decisions.decision"]["change"]
    assert importers <= RIGHTS["decisions.recommendation"]["add"]
