"""Unknown query parameters on the API are a 400 naming them, never ignored (issue 13: a
`?region=London` that the statistics endpoint did not take returned every council, and a caller
could not tell).

What an endpoint takes is read from the OpenAPI schema the site publishes, so the two cannot
disagree: a parameter the schema does not document is refused, and documenting one is what lets
it through. The schema is built once per process (about 0.6 s; `ombudsman.wsgi` builds it at
start-up, before the first request)."""

from __future__ import annotations

import re
import threading

from django.http import JsonResponse

# DRF reads `format` on every endpoint (a representation it lacks is a 406 or 404 of its own).
ALWAYS_TAKEN = frozenset({"format"})

_lock = threading.Lock()
_taken: dict | None = None


def _endpoint_key(view_class, action, method: str) -> tuple:
    return (view_class, action, method.upper())


def _unnamed(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def taken_parameters() -> dict[tuple, frozenset[str]]:
    """Each API operation's documented query parameters, keyed by view class, viewset action
    and method."""
    global _taken
    if _taken is None:
        with _lock:
            if _taken is None:
                from drf_spectacular.generators import SchemaGenerator

                generator = SchemaGenerator()
                schema = generator.get_schema(request=None, public=True)
                # The schema names a path's `{pk}` after the model's field (`{id}`): match paths
                # with their parameters' names left out.
                paths = {_unnamed(path): ops for path, ops in schema["paths"].items()}
                found = {}
                for path, _, method, callback in generator.endpoints:
                    operation = paths.get(_unnamed(path), {}).get(method.lower())
                    if operation is None:  # left out of the schema (the docs pages)
                        continue
                    names = {
                        p["name"] for p in operation.get("parameters", []) if p["in"] == "query"
                    }
                    actions = getattr(callback, "actions", None) or {}
                    key = _endpoint_key(callback.cls, actions.get(method.lower()), method)
                    found[key] = frozenset(names) | ALWAYS_TAKEN
                _taken = found
    return _taken


class UnknownParametersMiddleware:
    """Refuses an API request carrying a query parameter its operation does not document."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "cls", None)
        if view_class is None or not request.GET:
            return None
        actions = getattr(view_func, "actions", None) or {}
        key = _endpoint_key(view_class, actions.get(request.method.lower()), request.method)
        taken = taken_parameters().get(key)
        if taken is None:  # not a documented operation (the schema and docs views themselves)
            return None
        unknown = sorted(set(request.GET) - taken)
        if not unknown:
            return None
        listed = ", ".join(sorted(taken - ALWAYS_TAKEN)) or "no filters"
        return JsonResponse(
            {name: [f"Unknown parameter. This endpoint takes: {listed}."] for name in unknown},
            status=400,
        )
