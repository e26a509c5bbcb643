"""The API's pages: 50 rows by default, `page_size` up to 500, numbered pages no deeper than
`MAX_DEPTH` rows into a list, and past that, for a list in its default order, `after` pages.

A deep numbered page costs the database the rows before it (an OFFSET is counted, then thrown
away): at 294,000 decisions a last page took 1.7 s, and a few clients paging to the end stalled
the site. So page numbers stop at the first 1,000 rows (a 400 naming `page` past that), and a
view with a `keyset` (`ombudsman.api.keyset`) continues with `after` tokens, whose cost does not
grow with depth: the deepest numbered page's `next` link is the first of them, so a client that
follows `next` walks the whole list. A list in another order (`ordering`, a search's relevance)
stops at the deepest page: narrow it with its filters, or take all of it with `?format=csv`.

A page's `count` is exact up to those 1,000 rows and says 1,000 past them, with `count_exact`
false (`ombudsman.counts.CappedPaginator`): counting every match of a common word, on the first
request after each change of the data, cost ten times as much at ten times the data. The
deepest page knows there are more rows from `count_exact`, not from its page count."""

from __future__ import annotations

from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ombudsman.counts import CAP, CappedPaginator
from ombudsman.ordering import order_of

from .keyset import BadToken

# As deep as counts are exact: a page a client can ask for is never past what was counted.
MAX_DEPTH = CAP
AFTER = "after"
COUNT_EXACT = "count_exact"


class PageNumberPagination(pagination.PageNumberPagination):
    django_paginator_class = CappedPaginator
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        self.after_rows = None
        self.after_next = None
        self.deepest = False
        keyset = getattr(view, "keyset", None)
        size = self.get_page_size(request)
        token = request.query_params.get(AFTER)
        if keyset is not None and token is not None:
            return self._after_page(queryset, request, keyset, token, size)
        if size:
            deepest = max(MAX_DEPTH // size, 1)
            number = request.query_params.get(self.page_query_param, "1")
            if number.isdecimal() and number.isascii() and int(number) > deepest:
                more = f" or follow page {deepest}'s next link (`after`)" if keyset else ""
                raise ValidationError(
                    {
                        self.page_query_param: [
                            f"Pages go up to {deepest} at {size} rows a page (the first "
                            f"{MAX_DEPTH:,} rows). Narrow the list with its filters{more}, or "
                            "download all of it with ?format=csv."
                        ]
                    }
                )
        rows = super().paginate_queryset(queryset, request, view)
        self.deepest = bool(rows) and self.page.number >= max(
            MAX_DEPTH // self.page.paginator.per_page, 1
        )
        in_order = keyset is not None and _in_order(queryset, keyset)
        # Past the cap the count stops at the deepest page, so its has_next() is false.
        more = self.page.has_next() or not self.page.paginator.count_exact
        if in_order and self.deepest and more:
            self.after_next = keyset.token(rows[-1])
        return rows

    def _after_page(self, queryset, request, keyset, token, size):
        if self.page_query_param in request.query_params:
            raise ValidationError({AFTER: [f"Use {AFTER} or {self.page_query_param}, not both."]})
        if not _in_order(queryset, keyset):
            raise ValidationError(
                {
                    AFTER: [
                        f"{AFTER} pages come newest first: leave out ordering, and for a search "
                        "ranked by relevance use page."
                    ]
                }
            )
        try:
            later = keyset.after(queryset, token)
        except BadToken:
            raise ValidationError(
                {AFTER: ["Not a token this list gave: take it from a page's next link."]}
            ) from None
        self.request = request
        whole = CappedPaginator(keyset.first(queryset), size or self.page_size)
        self.count, self.count_exact = int(whole.count), whole.count_exact
        rows = list(later[: size + 1])
        if len(rows) > size:
            rows = rows[:size]
            self.after_next = keyset.token(rows[-1])
        self.after_rows = rows
        return rows

    def get_next_link(self):
        if self.after_next is None:
            # The deepest numbered page links on only by `after`: its page + 1 is a 400.
            if self.after_rows is not None or getattr(self, "deepest", False):
                return None
            return super().get_next_link()
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, AFTER, self.after_next)

    def get_paginated_response(self, data):
        if self.after_rows is None:
            paginator = self.page.paginator
            count, exact = int(paginator.count), paginator.count_exact
            nexts, previous = self.get_next_link(), self.get_previous_link()
        else:
            # An `after` page cannot link back: its token names where it starts, not the page
            # before.
            count, exact = self.count, self.count_exact
            nexts, previous = self.get_next_link(), None
        return Response(
            {
                "count": count,
                COUNT_EXACT: exact,
                "next": nexts,
                "previous": previous,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        paged = super().get_paginated_response_schema(schema)
        properties = paged["properties"]
        properties["count"] = {
            "type": "integer",
            "example": 123,
            "description": (
                f"How many rows the list has, exact up to {CAP:,}; past that {CAP:,}, with "
                f"`{COUNT_EXACT}` false (the rows are counted no further)."
            ),
        }
        properties[COUNT_EXACT] = {
            "type": "boolean",
            "description": (
                f"Whether `count` is the exact number of rows: false when the list has more "
                f"than {CAP:,}, which `count` then is. Where the list has `after` pages, the "
                "deepest numbered page's `next` still leads on to them."
            ),
        }
        # The fields in the order a response has them.
        paged["properties"] = {
            name: properties[name] for name in ("count", COUNT_EXACT, "next", "previous", "results")
        }
        paged["required"] = ["count", COUNT_EXACT, "results"]
        return paged

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
                    "deeper is a 400: use the filters, the deepest page's next link "
                    "(`after`) where the list has one, or ?format=csv for the whole list."
                )
        if getattr(view, "keyset", None) is not None:
            parameters.append(
                {
                    "name": AFTER,
                    "required": False,
                    "in": "query",
                    "description": (
                        "Rows after this token, for a list in its default order (newest first): "
                        "take it from a page's `next` link, whose cost does not grow with depth. "
                        "Not with `page`, `ordering` or a search ranked by relevance (a 400)."
                    ),
                    "schema": {"type": "string"},
                }
            )
        return parameters


def _in_order(queryset, keyset) -> bool:
    """Whether the list is in the keyset's order: the model's default order, or asked for."""
    return order_of(queryset) == keyset.ordering
