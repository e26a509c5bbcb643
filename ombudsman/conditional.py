"""Revalidated responses for everything whose body comes from the data: `no-cache` and an ETag.

A body built from the figures may change with any write, and the site promises that a change is
seen within a second (`ombudsman.dataversion`). A `max-age` would break that promise in every
browser and proxy for as long as it says, so these responses are sent `no-cache`: a client may
keep the body but must ask before each use, and the question is cheap. The entity tag is derived
from what the body depends on, never from the body, so a revalidation is answered 304 after the
data-version read (usually none at all: a thread keeps the version for a second) without
building anything:

- the data version: every write behind a figure changes it, and it never repeats;
- the absolute URL: scheme and host (the API's bodies hold absolute links), the path, and the
  whole query string. Every parameter, not a list of those that matter: a parameter forgotten
  here would be a stale 304, while one that does not matter costs only a tag of its own for a
  URL, which a browser keeps apart anyway;
- the day: the default year is the newest with a decision published by today
  (`decisions.statistics.latest_year`), and decisions become public as days pass without any
  write, so the same URL and data give another body tomorrow;
- the representation: the media type DRF negotiated (`Accept` or `?format=`), and whether the
  client takes gzip (the map compresses its own bodies and keeps its tags strong, so a gzipped
  and a plain body need tags of their own; Django's GZipMiddleware weakens the tags of the rest);
- the deploy (`deploy_fingerprint`): a deploy changes markup, field names, or the hashed
  static-file names a page links to without touching the data, and a browser holding the old
  page would be told it is current. No version number does this, since nobody bumps one for a
  template fix: the fingerprint is a digest of the code, templates and static files themselves
  (the same on every server running the same release), the libraries that render (Django, DRF)
  and the settings pages print.

A response that cannot be tagged this way (an error, one that sets a cookie or varies on it,
DRF's browsable API, whose page names the user) gets no ETag and still `no-cache`: nothing here
claims a freshness that the next write would break. (Django's own 404 page, for an `Http404`
raised past a function view, carries no cache headers at all, so claims none either.)
"""

from __future__ import annotations

import functools
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

import django
import rest_framework
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, quote_etag
from rest_framework.renderers import BrowsableAPIRenderer

from .cache import Derived
from .dataversion import data_version

# What the deploy fingerprint reads, under BASE_DIR: the code and templates of every installed
# app that lives there (`_project_apps`, so a new app is covered without a list to keep), and
# the project's templates and static files (every file there).
APP_SUFFIXES = (".py", ".html", ".txt")
ASSET_DIRS = ("templates", "static")
# Settings a page prints (the sample data notice, the map's tiles and view, the site's address):
# an environment change is a restart with another body, as a deploy is. Never the secret key.
RENDERED_SETTINGS = ("SAMPLE_DATA_NOTICE", "LEAFLET_CONFIG", "SITE_URL", "STATIC_URL", "DEBUG")


@functools.cache
def deploy_fingerprint() -> str:
    """A digest of everything a deploy may change in a body without changing the data. Computed
    once per process (about 1 MB of files, a millisecond or two); tests that override a setting
    get a new one (`setting_changed` below)."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    files = [
        path
        for app_dir in _project_apps(base)
        for path in app_dir.rglob("*")
        if path.suffix in APP_SUFFIXES and "__pycache__" not in path.parts
    ]
    files += [path for name in ASSET_DIRS for path in (base / name).rglob("*")]
    for path in sorted(p for p in files if p.is_file() and not p.name.startswith(".")):
        digest.update(path.relative_to(base).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    digest.update(f"django {django.__version__} drf {rest_framework.__version__}".encode())
    for name in RENDERED_SETTINGS:
        digest.update(f"{name}={getattr(settings, name, None)!r}\0".encode())
    return digest.hexdigest()[:16]


def _project_apps(base: Path) -> list[Path]:
    """The folders of the installed apps that are part of this project: under BASE_DIR, and not
    installed libraries (a virtual environment may live under BASE_DIR too)."""
    from django.apps import apps

    libraries = Path(sys.prefix).resolve()
    folders = {Path(config.path).resolve() for config in apps.get_app_configs()}
    return sorted(
        folder
        for folder in folders
        if folder.is_relative_to(base.resolve()) and not folder.is_relative_to(libraries)
    )


def _forget_fingerprint(*, setting: str, **kwargs) -> None:
    if setting in RENDERED_SETTINGS:  # only those are in the fingerprint
        deploy_fingerprint.cache_clear()


setting_changed.connect(_forget_fingerprint, dispatch_uid="conditional-fingerprint")


def data_etag(request) -> str:
    """The entity tag (unquoted) of the body `request` gets at the current data version. It
    holds the request's `Accept` as sent, not the media type DRF would negotiate from it, so
    that a revalidation is answered before any view or negotiation runs
    (`RevalidationMiddleware`); two clients that word `Accept` differently get tags of their
    own for the same body, which costs them nothing."""
    meta = request.META
    source = "\n".join(
        (
            deploy_fingerprint(),
            str(data_version()),
            timezone.localdate().isoformat(),
            request.build_absolute_uri(),
            meta.get("HTTP_ACCEPT", ""),
            "gzip" if "gzip" in meta.get("HTTP_ACCEPT_ENCODING", "") else "identity",
        )
    )
    return hashlib.sha256(source.encode()).hexdigest()[:32]


# Finished responses by their tag, in two stores so that one kind cannot push out the other:
# - documents: the map, its figures, the statistics and the pages over them, a few dozen
#   addresses (the map's 88 KB the largest), asked for again and again;
# - lists: the decision lists and searches, an address for every query and page, most asked
#   once; at most 256 of them (under 50 KB each, gzipped pages far less) in each process.
KEPT = {
    "documents": Derived("http:responses", size=32),
    "lists": Derived("http:lists", size=256),
}


def data_conditional(view: Callable | None = None, *, kept: str = "documents") -> Callable:
    """Send the view's responses `no-cache` with a `data_etag` (a successful GET's), and mark
    the view for `RevalidationMiddleware`, which answers a matching `If-None-Match` with 304
    before the rest of the stack runs, and a repeat of a GET it has answered from the response
    kept under the tag, in the store `kept` names (`KEPT`).

    Decorates a function view (`view(request, ...)`) or a DRF handler method
    (`get(self, request, ...)`, a viewset action); `@data_conditional(kept="lists")` for a
    list or search, whose addresses are many."""
    if view is None:
        return functools.partial(data_conditional, kept=kept)
    if kept not in KEPT:
        raise ValueError(f"no store of responses {kept!r}: one of {sorted(KEPT)}")

    @functools.wraps(view)
    def wrapper(*args, **kwargs) -> HttpResponseBase:
        if isinstance(args[0], HttpRequest):
            request = args[0]
            response = view(*args, **kwargs)
        else:  # a method: DRF's Request wraps the HttpRequest, so no isinstance check holds
            self, request = args[0], args[1]
            try:
                response = view(*args, **kwargs)
            except Exception as exc:
                # DRF turns the handler's exceptions (a 400 for a bad year, a 404) into
                # responses after the handler has returned; they are made here instead, so
                # that they too are sent no-cache (and without a tag, below).
                response = self.handle_exception(exc)
            if isinstance(getattr(request, "accepted_renderer", None), BrowsableAPIRenderer):
                # Its page shows who is logged in and holds their CSRF token: no shared tag.
                del response["ETag"]
                return _uncached(response)
        if 200 <= response.status_code < 300 and request.method in ("GET", "HEAD"):
            # This tag rather than one the view set: it covers everything above, and the
            # middleware answers a revalidation with it without running the view.
            response["ETag"] = quote_etag(data_etag(request))
        else:
            del response["ETag"]  # an error is not a representation to revalidate
        if response.cookies or "cookie" in response.get("Vary", "").lower():
            del response["ETag"]  # the body may be someone's own
        return _uncached(response)

    wrapper.data_conditional = kept
    return wrapper


def _kept_in(match: ResolverMatch, method: str) -> Derived | None:
    """The store of responses of the view `match` names if it is sent with a `data_etag` (a
    decorated function, or a DRF view, `cls`, and for a viewset its `actions`, whose handler for
    `method` is), else None."""
    view = match.func
    mark = getattr(view, "data_conditional", None)
    cls = getattr(view, "cls", None)
    if not mark and cls is not None:
        method = "get" if method == "head" else method
        name = (getattr(view, "actions", None) or {}).get(method, method)
        mark = getattr(getattr(cls, name, None), "data_conditional", None)
    return KEPT[mark] if mark else None


def _is_data_conditional(match: ResolverMatch, method: str) -> bool:
    return _kept_in(match, method) is not None


class RevalidationMiddleware:
    """A GET of a body from the data (`data_conditional`) is answered here when it can be, before
    the session, authentication, DRF's negotiation or the view:

    - a conditional GET whose tag still holds gets a 304: a returning reader's browser
      revalidates the map's figures on every visit, and the rest of the stack was two thirds of
      such a 304's time;
    - a plain GET whose response this process has already made under the same tag gets that
      response again, kept by the tag in the view's store (`KEPT`): the map's GeoJSON is
      the same bytes for every API user until the data changes, and the stack around the view
      cost half its throughput.

    The tag is the one the view would send now (`data_etag` reads only the request, the data
    version, the day and the deploy), so either answer is what the view would have given; a
    response is kept only if the view tagged it (never one that sets a cookie or varies on it,
    an error or a streamed one). This sits after the middleware that adds headers every
    response carries (security, CSP, CORS), which run on these answers too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        store = _kept_in(match, request.method.lower())
        if store is None:
            return self.get_response(request)
        tag = data_etag(request)
        etag = quote_etag(tag)
        sent = request.META.get("HTTP_IF_NONE_MATCH")
        if sent and _matches(sent, etag):
            return _uncached(HttpResponseNotModified(headers={"ETag": etag}))
        kept = store.peek(tag) if request.method == "GET" else None
        if kept is not None:
            status, headers, content = kept
            return HttpResponse(content, status=status, headers=headers)
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("ETag", "").removeprefix("W/") == etag
        ):
            store.put(tag, value=(200, dict(response.items()), response.content))
        return response


def _matches(header: str, etag: str) -> bool:
    """If-None-Match's weak comparison (RFC 9110 13.1.2): W/ aside, so GZipMiddleware's weak
    tags of compressed pages match. `*` is left to the view (which may answer an error)."""
    return etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in parse_etags(header)}


def revalidated(response: HttpResponseBase) -> HttpResponseBase:
    """`Cache-Control: no-cache, max-age=0`: a browser may keep the body but asks before each
    use. `max-age=0` says the same as `no-cache` in the terms of freshness (fresh for no time),
    for a cache or a client that reads only max-age: no positive max-age, which would keep a
    correction out of browsers for as long as it says."""
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


def _uncached(response: HttpResponseBase) -> HttpResponseBase:
    # Vary on Accept and Accept-Encoding on every response, the 304 too: the tag depends on
    # both, and the bodies are compressed (by the view or by GZipMiddleware) when the client
    # takes gzip.
    revalidated(response)
    patch_vary_headers(response, ["Accept", "Accept-Encoding"])
    return response
