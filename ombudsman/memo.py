"""Per-process memos of values computed for a data version (year tables, map payloads).

The shared cache already holds these, but reading from it unpickles them (a year table or a map
payload is half a megabyte); a process keeps its latest few as they are. Keys carry the data
version, so a stale value is never returned, only left to age out. Values are shared between
requests: callers must treat them as read-only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

_all: list[Memo] = []


class Memo:
    def __init__(self, size: int):
        self.size = size
        self._values: dict[str, Any] = {}
        self._lock = threading.Lock()
        _all.append(self)

    def get(self, key: str) -> Any | None:
        return self._values.get(key)

    def set(self, key: str, value: Any) -> None:
        with self._lock:
            while len(self._values) >= self.size:
                self._values.pop(next(iter(self._values)))
            self._values[key] = value

    def get_or_compute(
        self, key: str, compute: Callable[[], Any], *, seconds: int | None = None
    ) -> Any:
        """This process's value, else the shared cache's, else `compute()`; kept in both, or in
        this process only when `seconds` is None (values that are cheaper to recompute than to
        unpickle, or that do not pickle)."""
        value = self.get(key)
        if value is not None:
            return value
        value = None if seconds is None else cache.get(key)
        if value is None:
            value = compute()
            if seconds is not None:
                cache.set(key, value, seconds)
        self.set(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


def memos_clear() -> None:
    """Empty every memo (tests: each test's database may reuse an earlier version number)."""
    for memo in _all:
        memo.clear()
