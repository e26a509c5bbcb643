"""The base of the API's filter sets.

django-filter makes a new form class, with a new form field for each filter, for every request
it filters: half of the filtering's Python (0.9 ms a request, 0.47 with the class kept), and
under ten clients making different searches every such part counts. The API's filters are the
same for every request (their choices are fixed lists, none is built from the request or the
data), so each filter set's form class is made once and kept. Each request still gets its own
form, whose fields Django copies from the class."""

from __future__ import annotations

from typing import ClassVar

from django_filters import rest_framework as filters


class FilterSet(filters.FilterSet):
    _form_classes: ClassVar[dict[type, type]] = {}

    def get_form_class(self):
        kept = FilterSet._form_classes
        cls = type(self)
        if cls not in kept:
            # Two threads may both make it; either class is as good as the other.
            kept[cls] = super().get_form_class()
        return kept[cls]
