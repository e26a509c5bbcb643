"""WCAG 2.2 AA in the system Chromium (tests/browser.py), for the pages the accessibility
statement (/accessibility/, pages/accessibility.py) says are tested: axe with the statement's
rule sets finds nothing on any of them, none scrolls sideways at 320 px, and the statement names
the axe release that ran and every page it ran on. The page list is the statement's, and every
public HTML page of the URLconf is either on it or excused here with a reason.
"""

from __future__ import annotations

import itertools
import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib import admin
from django.urls import reverse
from playwright.sync_api import expect

from decisions.models import AnnualLetter
from pages.accessibility import AUDITED, AXE_TAGS, AXE_VERSION, WIDTHS
from tests.browser import ARTIFACTS, DESKTOP, Session, browser, sign_in_as_superuser
from tests.test_privacy_surfaces import fill
from tests.urlconf import public_patterns

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURES = (browser,)
ADMIN_KEYS = {"admin-decisions", "admin-decision"}  # seen signed in; the login page is not

# Public pages (by URL name) not on the statement's list, and why.
NOT_AUDITED = {
    "early-warnings": "the same templates and styles as the funnel plots, with a shorter table",
    "report-search": "the decisions search's own form and results, limited to public reports",
    "letter-list": "a list of links in the letter page's layout",
}
# Pages known to scroll sideways at a width (none now: the map page fits at 320 px). Checked
# strictly: once one fits, this test fails until it leaves the list.
REFLOW_PENDING: dict[str, int] = {}
# The URL name behind each audited page (the statement's keys), for the coverage check.
AUDITED_NAMES = {
    "map": "home",
    "councils": "council-index",
    "council-county": "council-detail",
    "decision": "decision-detail",
    "letter": "letter-detail",
    "search": "decision-search",
    "data": "about-data",
    "funnels": "funnels",
    "rankings": "rankings",
    "compare": "compare",
    "service-areas": "service-areas",
    "service-improvements": "service-improvements",
    "statement": "accessibility",
    "api-docs": "api-docs",
}


def audited_paths(world) -> dict[str, str]:
    """Each page of the statement's list at an address in the small world."""
    letter = AnnualLetter.objects.create(
        council=world["felpersham"],
        year=2022,
        body="Dear Chief Executive,\n\nOur review.\n\n| Measure | Figure |\n|---|---|\n| A | 1 |",
        sent_on="2023-07-01",
    )
    decision = world["felpersham"].decisions.get(remedied_by_authority=True)  # has remedies
    return {
        "map": "/?year=2022-23",
        "councils": "/councils/",
        "council-county": "/councils/borsetshire/?year=2022-23",
        "council-district": "/councils/felpersham/?year=2022-23",
        "council-london": "/councils/hassett/?year=2022-23",
        "decision": decision.get_absolute_url(),
        "letter": letter.get_absolute_url(),
        "search": "/decisions/?q=housing",
        "data": "/about/data/",
        "funnels": "/funnel-plots/?year=2022-23",
        "rankings": "/rankings/?year=2022-23&type=district&small=show",
        "compare": "/compare/?councils=felpersham,ambridge",
        "service-areas": "/service-areas/",
        "service-improvements": "/service-improvements/",
        "statement": "/accessibility/",
        "api-docs": "/api/docs/",
        "not-found": "/no-such-page/",
        "admin-login": "/admin/login/",
        "admin-decisions": "/admin/decisions/decision/",
        "admin-decision": f"/admin/decisions/decision/{decision.pk}/change/",
    }


def open_ready(session: Session, path: str):
    page = session.open(path)
    page.wait_for_load_state("load")
    if page.locator("#map").count():
        page.wait_for_selector("#map[data-state]")
    if path.startswith("/api/docs"):
        page.wait_for_selector(".swagger-ui .opblock")
    return page


def axe_violations(page) -> list[dict]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": list(AXE_TAGS)}})
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    return "; ".join(
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}): {v['nodes'][0]['target']}"
        for v in violations
    )


@pytest.fixture
def paths(world):
    found = audited_paths(world)
    assert list(found) == [page.key for page in AUDITED]  # the statement's list, in its order
    return found


def test_axe_finds_nothing_on_any_audited_page(paths, browser, live_server, django_user_model):
    found = {}
    ARTIFACTS.mkdir(exist_ok=True)
    # axe injects its script with eval, which the site's CSP rightly refuses.
    public = Session(browser, live_server.url, viewport=DESKTOP, csp=False)
    staff = Session(browser, live_server.url, viewport=DESKTOP, csp=False)
    sign_in_as_superuser(staff, django_user_model)
    for key, path in paths.items():
        page = open_ready(staff if key in ADMIN_KEYS else public, path)
        page.locator("details").evaluate_all("els => els.forEach(d => d.open = true)")
        violations = axe_violations(page)
        if violations:
            found[key] = describe(violations)
            (ARTIFACTS / f"axe-{key}.json").write_text(json.dumps(violations, indent=1))
    public.close()
    staff.close()
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


@pytest.mark.parametrize("width", WIDTHS)
def test_no_audited_page_scrolls_sideways(paths, browser, live_server, django_user_model, width):
    viewport = {"width": width, "height": 800}
    public = Session(browser, live_server.url, viewport=viewport)
    staff = Session(browser, live_server.url, viewport=viewport)
    sign_in_as_superuser(staff, django_user_model)
    wide = {}
    for key, path in paths.items():
        page = open_ready(staff if key in ADMIN_KEYS else public, path)
        page.locator("details").evaluate_all("els => els.forEach(d => d.open = true)")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if REFLOW_PENDING.get(key) == width:
            assert scroll > width, f"{key} fits at {width} px now: take it out of REFLOW_PENDING"
        elif scroll > width:
            wide[key] = scroll
            page.screenshot(path=ARTIFACTS / f"wide-{key}-{width}.png", full_page=True)
    public.close()
    staff.close()
    assert not wide, f"wider than {width} px: {wide}"


def test_the_statement_names_what_the_tests_check(paths, browser, live_server):
    session = Session(browser, live_server.url, csp=False)
    page = session.open("/accessibility/")
    listed = page.locator(".tested-pages li").evaluate_all(
        "els => els.map(e => [e.dataset.page, e.textContent.trim()])"
    )
    assert listed == [[p.key, p.description] for p in AUDITED]
    Axe().run(page)  # injects the bundled axe-core
    assert page.evaluate("() => window.axe.version") == AXE_VERSION
    text = page.locator("#testing").locator("xpath=following-sibling::ul[1]").inner_text()
    assert f"axe-core {AXE_VERSION}" in " ".join(text.split())
    for tag in AXE_TAGS:
        assert tag in text
    for width in WIDTHS:
        assert str(width) in text
    # The footer of every page links here (base.html): the 404 page's, too.
    for path in ("/", "/no-such-page/", paths["decision"]):
        session.open(path)
        link = page.locator("footer a", has_text="Accessibility statement")
        assert link.get_attribute("href") == "/accessibility/", path
    session.close()


def test_every_public_page_is_audited_or_excused(world, client):
    objects = {**world, "sent": _sent_letter(world)}
    html_pages = set()
    for route, pattern in public_patterns():
        for path in fill(route, pattern, objects, client):
            response = client.get(path)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                html_pages.add(pattern.name)
    covered = set(AUDITED_NAMES.values()) | set(NOT_AUDITED)
    assert html_pages - covered == set(), "public pages neither audited nor excused"
    assert covered - html_pages == set(), "audited or excused names that are not pages"
    assert set(AUDITED_NAMES) <= {page.key for page in AUDITED}


def _sent_letter(world):
    return AnnualLetter.objects.create(
        council=world["ambridge"], year=2022, body="Our review.", sent_on="2023-07-01"
    )


def test_the_staff_forms_name_every_control(world, browser, live_server, django_user_model):
    """The council autocomplete is named by its field, not only by the council chosen; each
    recommendation row's boxes by their column; the sign-in page has a heading."""
    session = Session(browser, live_server.url)
    page = session.open("/admin/login/")
    assert page.get_by_role("heading", level=1).count() == 1
    sign_in_as_superuser(session, django_user_model)
    decision = world["felpersham"].decisions.get(remedied_by_authority=True)
    page = session.open(f"/admin/decisions/decision/{decision.pk}/change/")
    council = page.get_by_role("combobox", name=re.compile(r"^Council\b.*Felpersham"))
    expect(council).to_have_count(1)
    row = page.locator("#recommendations-0")
    for name in ("Kind", "Description", "Amount", "Due date", "Status", "Outcome date"):
        expect(row.get_by_label(name, exact=True)).to_have_count(1)
    session.close()


@pytest.mark.parametrize("viewport", [DESKTOP, {"width": 320, "height": 800}], ids=["1280", "320"])
def test_chart_labels_and_trend_headings_can_be_read(world, browser, live_server, viewport):
    session = Session(browser, live_server.url, viewport=viewport)
    page = session.open("/councils/felpersham/?year=2022-23")
    # The size a tick label is drawn at: its font size scaled as its chart is.
    sizes = page.locator(".chart text.tick").evaluate_all(
        "els => els.map(e => e.getScreenCTM().a * parseFloat(getComputedStyle(e).fontSize))"
    )
    assert len(sizes) > 20
    assert min(sizes) >= 12, min(sizes)
    # No two year labels of a chart overlap.
    boxes = (
        page.locator(".chart")
        .first.locator("text.tick--x")
        .evaluate_all(
            "els => els.map(e => [e.getBoundingClientRect().left, e.getBoundingClientRect().right])"
        )
    )
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(boxes)), boxes
    headings = page.locator("#trend-table thead th").all_inner_texts()
    averages = [h for h in headings if "average" in h.lower()]
    assert len(averages) == 4
    assert all(h.endswith("average for district councils") for h in averages), averages
    assert len(set(averages)) == 4  # each says which measure it averages
    session.close()


def test_an_unknown_postcode_is_the_search_boxs_error(world, browser, live_server):
    session = Session(browser, live_server.url)
    page = session.open("/councils/?q=ZZ9+9ZZ")
    box = page.get_by_role("searchbox", name="Name or postcode")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_accessible_description(re.compile(r"^Error: .*ZZ9 9ZZ"))
    assert page.title().startswith("Error: ")
    assert not Axe().run(page).violations_count
    # A name search has no error.
    page = session.open("/councils/?q=Felpersham")
    box = page.get_by_role("searchbox", name="Name or postcode")
    assert box.get_attribute("aria-invalid") is None
    assert box.get_attribute("aria-describedby") is None
    session.close()


def test_axe_finds_nothing_on_any_admin_list_or_add_form(
    world, browser, live_server, django_user_model
):
    """Every model the admin registers (django.contrib.admin.site): its list and its add form,
    wherever staff may add, signed in as a superuser."""
    session = Session(browser, live_server.url, csp=False)
    sign_in_as_superuser(session, django_user_model)
    found, seen = {}, 0
    for model in admin.site._registry:
        opts = model._meta
        for view in ("changelist", "add"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}")
            response = session.page.goto(live_server.url + url)
            if response.status == 403:  # no one adds there (logs, history, jobs)
                continue
            assert response.status == 200, url
            seen += 1
            session.page.wait_for_load_state("load")
            violations = axe_violations(session.page)
            if violations:
                found[url] = describe(violations)
    session.close()
    assert seen > 20
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())
