"""The API's pages: 50 rows by default, `page_size` up to 500, and no deeper than
`MAX_DEPTH` rows into a list.

A deep page costs the database the rows before it (an OFFSET is counted, then thrown away): at
294,000 decisions a last page took 1.7 s, and a few clients paging to the end stalled the site.
No reader pages through ten thousand decisions, so past that a request is refused with a 400
naming `page` and saying what to do instead: narrow the list with its filters, or take the
whole of it as one CSV file (`?format=csv`), which is written once per change of the data."""

from __future__ import annotations

from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from ombudsman.counts import CountedPaginator

MAX_DEPTH = 10_000


class PageNumberPagination(pagination.PageNumberPagination):
    django_paginator_class = CountedPaginator
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        size = self.get_page_size(request)
        if size:
            deepest = max(MAX_DEPTH // size, 1)
            number = request.query_params.get(self.page_query_param, "1")
            if number.isdecimal() and number.isascii() and int(number) > deepest:
                raise ValidationError(
                    {
                        self.page_query_param: [
                            f"Pages go up to {deepest} at {size} rows a page (the first "
                            f"{MAX_DEPTH:,} rows). Narrow the list with its filters, or "
                            "download all of it with ?format=csv."
                        ]
                    }
                )
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {
                    **parameter.get("schema", {}),
                    "minimum": 1,
                    "maximum": MAX_DEPTH,
                }
                parameter["description"] = (
                    f"Page number, from 1. At most the first {MAX_DEPTH:,} rows can be paged "
                    f"to (page {MAX_DEPTH // self.page_size} at {self.page_size} a page); "
                    "deeper is a 400: use the filters, or ?format=csv for the whole list."
                )
        return parameters
