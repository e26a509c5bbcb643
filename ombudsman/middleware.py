from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils import timezone

from .dataversion import data_version
from .memo import Memo


class CachedCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy built once per process rather than per response.

    The site never varies its policy per view (no nonces, no decorators), and building the header
    was a third of the time of the busiest request, the cached map. Any response or request that
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


class PublicResponseMemoMiddleware:
    """Repeat GETs of the paths in `settings.RESPONSE_MEMO_PATHS` are answered from a memo of the
    finished response kept by each process, keyed on the data version.

    The map is the busiest request and the same bytes for everyone; with the view's own payload
    memo, two thirds of its time was still the rest of the middleware and DRF. The memo sits
    after SecurityMiddleware (its redirects and headers still apply to every response) and before
    everything else, so a stored response carries every header the full stack gave it. The key
    holds the data version (a change is seen within a second, as everywhere), the host, the query
    string and each request header the response varies on; a response that varies on anything
    else, sets a cookie, streams, or is not a 200 is not kept. Memo hits skip the API throttle,
    which is why only endpoints cheaper than their throttle's bookkeeping belong in the list.

    A stored response keeps its ETag (`ombudsman.conditional`), which is made of the same
    inputs as the key: so the key also holds the day (a default year depends on it) and the
    scheme (the tag holds the absolute URL), and a plain GET gets the body whose tag the view
    would give now. A conditional GET goes to the view, whose `condition` answers 304 from the
    data version alone, before any payload is looked up: one place compares tags.
    """

    # Request headers a memoised response may vary on, by the names used in Vary.
    VARY = {
        "accept-encoding": "HTTP_ACCEPT_ENCODING",
        "accept": "HTTP_ACCEPT",
        "origin": "HTTP_ORIGIN",
    }

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = frozenset(getattr(settings, "RESPONSE_MEMO_PATHS", ()))

    def __call__(self, request):
        if (
            request.method != "GET"
            or request.path not in self.paths
            or "HTTP_IF_NONE_MATCH" in request.META
        ):
            return self.get_response(request)
        key = (
            data_version(),
            timezone.localdate(),
            request.scheme,
            request.get_host(),  # refuses a host not in ALLOWED_HOSTS, as CommonMiddleware would
            request.path,
            request.META.get("QUERY_STRING", ""),
            *(request.META.get(name, "") for name in self.VARY.values()),
        )
        stored = _responses.get(key)
        if stored is not None:
            status, headers, content = stored
            return HttpResponse(content, status=status, headers=headers)
        response = self.get_response(request)
        if self._keepable(response):
            _responses.set(key, (response.status_code, dict(response.items()), response.content))
        return response

    def _keepable(self, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        varies = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        return varies <= self.VARY.keys()


_responses = Memo(size=32)
