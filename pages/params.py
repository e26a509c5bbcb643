"""Reading a page's query string, and the error page a request that cannot be answered gets."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ombudsman.years import ReportingYear, YearFormatError


class PageError(Exception):
    """A request a page cannot answer: shown as an error page with this status and message."""

    def __init__(self, status: int, title: str, message: str, links: list | None = None):
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message
        self.links = links or []


def page_errors(view: Callable) -> Callable:
    """Turn a PageError raised by the view into its error page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PageError as error:
            return render(
                request,
                "errors/error.html",
                {"title": error.title, "message": error.message, "links": error.links},
                status=error.status,
            )

    return wrapper


def query_year(request: HttpRequest, *, allowed: list[ReportingYear]) -> ReportingYear | None:
    """The `year` of the query string, None when absent. A malformed label is a 400 and a year
    outside `allowed` a 404, each naming what would work."""
    label = request.GET.get("year", "").strip()
    if not label:
        return None
    try:
        year = ReportingYear.parse(label)
    except YearFormatError as error:
        raise PageError(400, "That is not a reporting year", str(error)) from None
    if year not in allowed:
        choices = ", ".join(y.label for y in sorted(allowed))
        raise PageError(
            404,
            "No figures for that year",
            f"There are no figures for {year.label}. Years with figures: {choices}.",
        )
    return year


def filter_choice(
    request: HttpRequest, name: str, allowed, *, default: str = "", unknown: str, messages: list
) -> str:
    """A filter of a list on a page. An unknown value falls back to `default` and adds the
    message `unknown` (formatted with `value`) to `messages`, which the page shows: the list
    still answers, and the reader is told the filter was not applied."""
    value = request.GET.get(name, default)
    if value != default and value not in allowed:
        messages.append(unknown.format(value=value))
        return default
    return value


def query_choice(request: HttpRequest, name: str, choices: dict, default: str) -> str:
    value = request.GET.get(name, "").strip() or default
    if value not in choices:
        raise PageError(
            400,
            f"Unknown {name}",
            f"{name}={value!r} is not one of: {', '.join(c for c in choices if c)}.",
        )
    return value


# What other sites add to the links they carry to a page (campaign tags, click identifiers):
# no filter of ours, and a 400 for them would break every link to the site shared through a
# social network, a search advert or a newsletter. Such a parameter is let through and read by
# nothing; every other parameter a page does not read is a 400.
LINK_DECORATION = re.compile(
    r"utm_[a-z_]+|fbclid|gclid|gbraid|wbraid|msclkid|dclid|mc_[ce]id|_ga|_gl"
)


def reject_unknown(request: HttpRequest, parameters) -> None:
    """A page answers only the parameters it reads: any other is a 400 naming it, so a mistyped
    filter is never silently ignored (issue 13, "fair rankings")."""
    unknown = sorted(
        name for name in set(request.GET) - set(parameters) if not LINK_DECORATION.fullmatch(name)
    )
    if unknown:
        takes = f"It takes: {', '.join(parameters)}." if parameters else "It takes none."
        raise PageError(
            400,
            f"Unknown parameter {unknown[0]}",
            f"This page does not take {', '.join(unknown)}. {takes}",
        )


def takes(*parameters: str) -> Callable:
    """A page view that reads these query parameters and refuses any other (`reject_unknown`),
    with the error page of `page_errors`. The names are kept on the view as `query_parameters`,
    where the tests read them."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            reject_unknown(request, parameters)
            return view(request, *args, **kwargs)

        checked = page_errors(wrapper)
        checked.query_parameters = parameters
        return checked

    return decorate
