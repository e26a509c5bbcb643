"""Alternative names: merged without repeats that differ only in case or spacing."""

from __future__ import annotations


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def alt_names_merge(*lists: list[str], exclude: tuple[str, ...] = ()) -> list[str]:
    """Names from all lists in order, one per case- and space-insensitive spelling.

    Spellings that differ otherwise ("&" for "and", an apostrophe) are kept: the name search
    matches text inside these lists, so each spelling people use is worth keeping. Of two
    spellings with the same key the first is kept, unless it is all lower case and a later one is
    not: the register repeats many names in lower case, and people read these lists.
    """
    skip = {_key(n) for n in exclude}
    chosen: dict[str, str] = {}
    for names in lists:
        for name in names:
            name = " ".join(name.split())
            key = _key(name)
            if not key or key in skip:
                continue
            if key not in chosen or (chosen[key].islower() and not name.islower()):
                chosen[key] = name
    return list(chosen.values())
