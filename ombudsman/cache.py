"""The site's one way to keep values derived from the data (docs/architecture.md, "Caches and
the data version").

A `Derived` is a named family of values (the year tables, the map's payloads, the point index).
Its keys are made here and nowhere else: the family's name, the data version and the parts the
caller gives, so a change to the data is never answered from an older value (the version is
never handed out twice, not even after a rollback: `ombudsman.dataversion`), and no two
families can share a key (a name is taken once per process). Nothing is ever invalidated by
hand: a write bumps the version, and the old values age out.

Each process keeps its latest few values as they are (read-only: they are shared between
requests), because reading a half-megabyte year table from Django's cache means unpickling it.
A family marked `shared` is also kept in Django's cache (Redis when several servers run), so
that one process's work serves the others.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from django.core.cache import cache

from .dataversion import data_version

SHARED_SECONDS = 24 * 3600
_families: dict[str, Derived] = {}


class Derived:
    def __init__(self, name: str, *, size: int, shared: bool = False, versioned: bool = True):
        """`versioned=False` is for values named by what they are made of (a snapshot by its
        publication time, a compressed file by its digest): they outlive data versions."""
        if name in _families:
            raise ValueError(f"the cache family {name!r} exists already: keys would collide")
        self.name = name
        self.size = size
        self.shared = shared
        self.versioned = versioned
        self._values: dict[str, Any] = {}
        self._lock = threading.Lock()
        _families[name] = self

    def key(self, *parts: Hashable) -> str:
        head = [self.name, str(data_version())] if self.versioned else [self.name]
        texts = [str(part) for part in parts]
        if any(":" in text for text in texts):
            # ("a:b",) and ("a", "b") would share a key.
            raise ValueError(f"a key part may not hold ':': {texts}")
        return ":".join([*head, *texts])

    def get(self, *parts: Hashable, compute: Callable[[], Any]) -> Any:
        """The value for `parts` under the current data version: this process's, else the
        shared cache's, else `compute()`'s (a value of None is computed every time)."""
        key = self.key(*parts)
        value = self._values.get(key)
        if value is not None:
            return value
        value = cache.get(key) if self.shared else None
        if value is None:
            value = compute()
            if self.shared:
                cache.set(key, value, SHARED_SECONDS)
        self._keep(key, value)
        return value

    def peek(self, *parts: Hashable) -> Any | None:
        """This process's value for `parts` under the current data version, if it has one."""
        return self._values.get(self.key(*parts))

    def put(self, *parts: Hashable, value: Any) -> None:
        """Keep `value` for `parts` in this process (for a value made elsewhere, such as a
        finished response)."""
        self._keep(self.key(*parts), value)

    def _keep(self, key: str, value: Any) -> None:
        with self._lock:
            while len(self._values) >= self.size:
                self._values.pop(next(iter(self._values)))
            self._values[key] = value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


def derived_clear() -> None:
    """Empty every family in this process (tests: each test's database may reuse an earlier
    version number, which in production is never reused)."""
    for family in _families.values():
        family.clear()
