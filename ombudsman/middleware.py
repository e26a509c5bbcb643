from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse


class CachedCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy built once per process rather than per response.

    The site never varies its policy per view (no nonces, no decorators), and building the header
    was a third of the time of the busiest request (the map, when a memo of its whole response
    answered it). Any response or request that
    does vary it falls back to django-csp's own code.
    """

    _VARYING = (
        "_csp_config",
        "_csp_update",
        "_csp_replace",
        "_csp_exempt",
        "_csp_config_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
        "_csp_exempt_ro",
    )
    _headers: dict | None = None

    def process_response(self, request, response):
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # Django's debug pages are inline-styled, as django-csp allows
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in self._VARYING
        ):
            return super().process_response(request, response)
        if CachedCSPMiddleware._headers is None:
            probe = super().process_response(request, HttpResponse())
            CachedCSPMiddleware._headers = {
                name: probe[name] for name in (HEADER, HEADER_REPORT_ONLY) if name in probe
            }
        for name, value in CachedCSPMiddleware._headers.items():
            if name not in response:
                response[name] = value
        return response


class RejectNulMiddleware:
    """A NUL character in a query parameter is a 400 naming the parameter, before any view runs.

    PostgreSQL cannot hold NUL in text, so a NUL that reached a query would be a 500 there (and
    a silent non-match on SQLite). DRF's fields refuse it already; this covers every page too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                message = "Null characters are not allowed."
                if request.path.startswith("/api/"):
                    return JsonResponse({name.replace("\x00", ""): [message]}, status=400)
                return HttpResponseBadRequest(
                    f"The parameter {name.replace(chr(0), '')!r}: {message}",
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)
