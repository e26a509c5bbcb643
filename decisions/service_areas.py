"""The controlled list of categories (service areas): the Ombudsman's headings, their
subcategories and the other names files use for a heading.

The list is data, kept in `fixtures/service_areas.json` (how it was derived is in
fixtures/README.md); this module is the one place that reads it. Everything that names or checks
a category goes through here: the import (which maps another name to its heading and refuses an
unknown one), the admin form, the search filters, the API and the statistics by category.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.conf import settings

LIST_FILE = Path(settings.BASE_DIR) / "fixtures" / "service_areas.json"


def _load() -> dict:
    with LIST_FILE.open(encoding="utf-8") as f:
        return json.load(f)


_DATA = _load()
HEADINGS: tuple[str, ...] = tuple(h["name"] for h in _DATA["headings"])
SUBCATEGORIES: dict[str, tuple[str, ...]] = {
    h["name"]: tuple(h["subcategories"]) for h in _DATA["headings"]
}
# Another name found in files -> its heading.
SYNONYMS: dict[str, str] = {s["name"]: s["heading"] for s in _DATA["synonyms"]}
CHOICES: list[tuple[str, str]] = [(h, h) for h in HEADINGS]


def _key(text: str) -> str:
    """What a name is matched on: letters and digits only, in lower case, '&' read as 'and',
    so that `Benefits & Tax`, `benefits-and-tax` and `Children's care services` written with a
    curly apostrophe or as the Ombudsman's URL slug (`children-s-care-services`) all match."""
    return re.sub(r"[^0-9a-z]+", "", text.casefold().replace("&", "and"))


_BY_KEY: dict[str, str] = {
    **{_key(name): heading for name, heading in SYNONYMS.items()},
    **{_key(heading): heading for heading in HEADINGS},
}
# The names as written, for the import's fast path (almost every cell is a heading as it is).
_EXACT: dict[str, str] = {**SYNONYMS, **{heading: heading for heading in HEADINGS}}

if set(SYNONYMS.values()) - set(HEADINGS):  # a typing slip in the list: fail at start-up
    raise ValueError(f"{LIST_FILE}: a synonym names no heading")


def heading_for(text: str) -> str | None:
    """The heading a category name stands for (itself, for a heading), in any case, spacing or
    punctuation; None for a name that is not in the list."""
    heading = _EXACT.get(text)
    if heading is None and text:
        heading = _BY_KEY.get(_key(text))
    return heading


def headings_text() -> str:
    return "; ".join(HEADINGS)


def unknown_category_message(text: str) -> str:
    return f"{text!r} is not one of the Ombudsman's categories. Use one of: {headings_text()}"
