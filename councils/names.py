"""The one form in which the council search compares names: the query, every council's names and
every place's name are all put through `name_key`, so that what is equal for one is equal for all.

Ignored: case, spacing, apostrophes ("King's Lynn" is "Kings Lynn"), hyphens and other
punctuation ("Stoke-on-Trent", "St. Helens", "Bristol, City of"). Taken as the same word: "&"
and "and" ("Redcar & Cleveland"), "Saint" and "St" ("Saint Neots" is OS's St Neots), "upon" and
"on" (the council is Stratford-on-Avon, its town Stratford-upon-Avon; people type either).
"""

from __future__ import annotations

import re

_APOSTROPHES = re.compile(r"['’‘`]")
_SEPARATORS = re.compile(r"[\W_]+")  # hyphens, full stops, commas, brackets: word breaks
# Each word on the left is compared as the word on the right.
_SAME_WORD = {"saint": "st", "upon": "on"}


def name_key(text: str) -> str:
    """`text` in the compared form: "Saint Helens", "St. Helens" and "st helens" are all
    "st helens"; "King's Lynn & West Norfolk" is "kings lynn and west norfolk"."""
    text = _APOSTROPHES.sub("", (text or "").casefold()).replace("&", " and ")
    return " ".join(_SAME_WORD.get(word, word) for word in _SEPARATORS.sub(" ", text).split())
