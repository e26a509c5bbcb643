"""Every page refuses a query parameter it does not read, with a 400 naming it, and lets through
what other sites add to links (pages.params.LINK_DECORATION). The pages are not listed by hand:
every URL pattern outside the admin and the API (whose own rule is ombudsman.api.parameters) is
taken from the URLconf and filled as the privacy test fills it, so a new page is covered as soon
as it is routed."""

import pytest

from pages.params import LINK_DECORATION
from tests.test_privacy_surfaces import fill, hidden  # noqa: F401 - hidden is a fixture
from tests.urlconf import public_patterns

pytestmark = pytest.mark.django_db

# Not pages: what monitors and browsers call, which no reader's link reaches.
NOT_PAGES = {
    "healthz": "the load balancer's health check",
    "csp-report": "where browsers POST Content-Security-Policy reports",
}
UNKNOWN = "zz_not_a_filter"
DECORATIONS = "utm_source=newsletter&utm_campaign=spring&fbclid=IwAR0abc&gclid=Cj0K&_ga=2.1"


def page_paths(objects, client) -> list[str]:
    paths = []
    for route, pattern in public_patterns():
        if route.startswith("api/") or pattern.name in NOT_PAGES:
            continue
        paths += [path for path in fill(route, pattern, objects, client) if "?" not in path]
    return sorted(set(paths))


def with_query(path: str, query: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{query}"


def test_the_pages_are_found(hidden, client):  # noqa: F811
    paths = page_paths(hidden, client)
    assert {"/", "/rankings/", "/compare/", "/decisions/", "/councils/"} <= set(paths)
    assert len(paths) >= 15


def test_an_unknown_parameter_is_a_400_naming_it_on_every_page(hidden, client):  # noqa: F811
    wrong = []
    for path in page_paths(hidden, client):
        response = client.get(with_query(path, f"{UNKNOWN}=1"))
        if response.status_code != 400 or UNKNOWN not in response.content.decode():
            wrong.append((path, response.status_code))
    assert not wrong, f"pages that do not refuse {UNKNOWN}: {wrong}"


def test_what_other_sites_add_to_links_is_let_through(hidden, client):  # noqa: F811
    changed = []
    for path in page_paths(hidden, client):
        plain = client.get(path)
        decorated = client.get(with_query(path, DECORATIONS))
        if decorated.status_code != plain.status_code:
            changed.append((path, plain.status_code, decorated.status_code))
    assert not changed, changed


@pytest.mark.parametrize(
    ("name", "decoration"),
    [
        ("utm_source", True),
        ("utm_medium", True),
        ("fbclid", True),
        ("gclid", True),
        ("mc_cid", True),
        ("mc_eid", True),
        ("utm", False),  # no campaign field named
        ("utm_", False),
        ("fbclidx", False),
        ("xfbclid", False),
        ("year_", False),
        ("UTM_SOURCE", False),  # as sent by no site: a mistyped name is refused
    ],
)
def test_the_decorations_are_exactly_those_names(name, decoration):
    assert bool(LINK_DECORATION.fullmatch(name)) is decoration


def test_a_decoration_beside_an_unknown_still_names_the_unknown(world, client):
    response = client.get(f"/rankings/?utm_source=x&{UNKNOWN}=2")
    assert response.status_code == 400
    text = response.content.decode()
    assert UNKNOWN in text
    assert "utm_source" not in text.split("It takes")[0].split("does not take")[-1]


def test_the_views_say_what_they_take(world, client):
    """The names a page view takes are kept on it, and each of them is let through."""
    from django.urls import resolve

    for path in ("/", "/rankings/", "/councils/", "/service-areas/"):
        view = resolve(path).func
        assert view.query_parameters, path
        for name in view.query_parameters:
            response = client.get(with_query(path, f"{name}="))
            assert UNKNOWN not in response.content.decode()
            assert f"does not take {name}" not in response.content.decode(), (path, name)
