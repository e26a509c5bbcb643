"""What a shared link shows (templates/base.html): every page's description and Open Graph tags
come from its own title and description blocks, escaped once."""

import html
import re

import pytest

pytestmark = pytest.mark.django_db


def meta(body: str, attr: str, name: str) -> str:
    found = re.findall(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)">', body)
    assert len(found) == 1, (name, found)
    return html.unescape(found[0])


@pytest.mark.parametrize(
    "path",
    ["/councils/felpersham/?year=2022-23", "/councils/", "/about/data/", "/accessibility/"],
)
def test_each_page_has_its_own_preview(world, client, path):
    body = client.get(path).content.decode()
    title = html.unescape(re.search(r"<title>(.*?)</title>", body, re.S)[1])
    assert meta(body, "property", "og:title") == title
    description = meta(body, "name", "description")
    assert meta(body, "property", "og:description") == description
    assert len(description) > 40
    assert meta(body, "property", "og:type") in ("website", "article")
    assert meta(body, "property", "og:url") == "http://testserver" + path.split("?")[0]


def test_the_council_page_describes_its_council(world, client):
    body = client.get("/councils/felpersham/").content.decode()
    assert "Felpersham" in meta(body, "property", "og:title")
    assert "Felpersham" in meta(body, "property", "og:description")


def test_markup_in_a_name_is_escaped_once(world, client):
    council = world["felpersham"]
    council.short_name = 'Fel "&" <b>'
    council.save()
    body = client.get("/councils/felpersham/").content.decode()
    assert meta(body, "property", "og:title").startswith('Fel "&" <b>')
    assert "<b>" not in body.split("</head>")[0]
