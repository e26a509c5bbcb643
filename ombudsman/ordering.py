"""The order a queryset's rows come in, as the names Django orders them by."""

from __future__ import annotations

from django.db.models import QuerySet


def order_of(queryset: QuerySet) -> tuple:
    """The order asked for with `order_by()`, else the model's default (Meta.ordering) unless it
    was cleared: what decides whether a list is in an index's order (the API's `after` pages,
    `ombudsman.api.pagination`; a word search's plan, `decisions.search_plan`)."""
    if queryset.query.order_by:
        return tuple(queryset.query.order_by)
    return tuple(queryset.model._meta.ordering) if queryset.query.default_ordering else ()
