"""The URLconf walked, for the tests whose coverage comes from it rather than from a list."""

from django.urls import URLPattern, URLResolver, get_resolver


def public_patterns(resolver=None, prefix=""):
    """(route, pattern) for every URL pattern outside the admin."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("admin/"):
                continue
            yield from public_patterns(pattern, route)
        else:
            assert isinstance(pattern, URLPattern)
            yield route, pattern
