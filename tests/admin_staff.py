"""What the admin tests (tests/test_admin_*.py) share: fast password hashing, clients logged in
as a caseworker and as a publisher, a council, the URL of the decision form and the management
fields of an inline formset. The test modules import the fixtures by name."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from ombudsman.roles import CASEWORKERS, PUBLISHERS
from tests.factories import CouncilFactory

ADD_DECISION = reverse("admin:decisions_decision_add")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # admin_client's superuser has a password; the default hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _staff(username: str, group: str | None) -> User:
    user = User.objects.create_user(username, is_staff=True)
    if group is not None:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def caseworker_client(client):
    client.force_login(_staff("casey", CASEWORKERS))
    return client


@pytest.fixture
def publisher_client(client):
    client.force_login(_staff("pat", PUBLISHERS))
    return client


@pytest.fixture
def council():
    return CouncilFactory(short_name="Borsetshire", gss_code="E90000001")


def _management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
