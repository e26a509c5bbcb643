"""The one cache of derived values (ombudsman.cache): keys carry the data version, so a change
is never answered from an older value, and no two families share a key."""

import pytest
from django.core.cache import cache

from ombudsman.cache import Derived, derived_clear
from ombudsman.dataversion import data_changed, data_version

pytestmark = pytest.mark.django_db(transaction=True)


def _family(name: str, **options) -> Derived:
    from ombudsman import cache as module

    module._families.pop(name, None)  # each test's family, made afresh
    return Derived(name, size=4, **options)


def test_a_change_to_the_data_is_a_new_key():
    family = _family("test:versioned")
    calls = []

    def compute():
        calls.append(data_version())
        return len(calls)

    assert family.get("a", compute=compute) == 1
    assert family.get("a", compute=compute) == 1  # kept
    before = family.key("a")
    data_changed()
    assert family.key("a") != before
    assert family.get("a", compute=compute) == 2
    assert calls[0] != calls[1]


def test_parts_and_families_make_distinct_keys():
    one, two = _family("test:one"), _family("test:two")
    assert one.key(2022, "lower") != one.key(2022, "upper") != one.key(2023, "lower")
    assert one.key(2022) != two.key(2022)
    assert one.get(1, compute=lambda: "one") == "one"
    assert two.get(1, compute=lambda: "two") == "two"


def test_a_part_cannot_run_into_the_next():
    family = _family("test:parts")
    with pytest.raises(ValueError, match="may not hold"):
        family.key("a:b")


def test_a_family_name_is_taken_once():
    _family("test:taken")
    with pytest.raises(ValueError, match="test:taken"):
        Derived("test:taken", size=1)


def test_an_unversioned_family_outlives_versions():
    family = _family("test:digest", versioned=False)
    key = family.key("abc")
    data_changed()
    assert family.key("abc") == key == "test:digest:abc"


def test_a_shared_family_serves_another_process_from_the_shared_cache():
    family = _family("test:shared", shared=True)
    assert family.get("x", compute=lambda: {"n": 1}) == {"n": 1}
    assert cache.get(family.key("x")) == {"n": 1}
    derived_clear()  # as a second process would start: nothing of its own

    def not_again():
        raise AssertionError("computed again although the shared cache had it")

    assert family.get("x", compute=not_again) == {"n": 1}


def test_a_process_family_is_not_shared():
    family = _family("test:local")
    family.get("x", compute=lambda: 1)
    assert cache.get(family.key("x")) is None


def test_the_oldest_value_leaves_first():
    family = _family("test:size")
    for n in range(5):
        family.get(n, compute=lambda n=n: n)
    assert family.key(0) not in family._values
    assert family.key(4) in family._values
