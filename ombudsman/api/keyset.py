"""Keyset ("after") pages for a list in one fixed order (issue 18: a deep page cost the rows
before it; an OFFSET is counted and thrown away).

An `after` token holds the sort values of the last row a client was given; the next page is the
rows that sort after it. The filter is written so that the leading column bounds an index range
(`decision_date <= d`), and only the rows sharing the last row's value are compared on the
tie-breaker: the database starts reading where the previous page stopped, at any depth."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError as ModelValidationError
from django.db.models import Q, QuerySet


class BadToken(ValueError):
    """An `after` token that was not made by `Keyset.token`."""


@dataclass(frozen=True)
class Keyset:
    leading: str  # the sort column, newest first (descending)
    tiebreak: str  # a unique column, ascending, deciding between rows that share `leading`

    @property
    def ordering(self) -> tuple[str, str]:
        return (f"-{self.leading}", self.tiebreak)

    def token(self, row) -> str:
        values = [str(getattr(row, self.leading)), str(getattr(row, self.tiebreak))]
        return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")

    def _position(self, model, token: str) -> tuple:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            values = json.loads(raw.decode())
        except (binascii.Error, ValueError, UnicodeDecodeError):
            raise BadToken from None
        if not (isinstance(values, list) and len(values) == 2):
            raise BadToken
        if not all(isinstance(v, str) for v in values):
            raise BadToken
        try:
            leading = model._meta.get_field(self.leading).to_python(values[0])
            tiebreak = model._meta.get_field(self.tiebreak).to_python(values[1])
        except ModelValidationError:
            raise BadToken from None
        if leading is None or tiebreak is None:
            raise BadToken
        return leading, tiebreak

    def after(self, queryset: QuerySet, token: str) -> QuerySet:
        """The rows of `queryset` that come after the token's row, in this keyset's order.
        Raises BadToken for a token this keyset did not make."""
        leading, tiebreak = self._position(queryset.model, token)
        return queryset.filter(
            Q(**{f"{self.leading}__lte": leading}),
            Q(**{f"{self.leading}__lt": leading})
            | Q(**{self.leading: leading, f"{self.tiebreak}__gt": tiebreak}),
        ).order_by(*self.ordering)

    def first(self, queryset: QuerySet) -> QuerySet:
        return queryset.order_by(*self.ordering)
