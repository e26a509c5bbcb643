"""The accessibility statement (/accessibility/), in the model the Government Digital Service
sets for public-sector sites under the Public Sector Bodies Accessibility Regulations 2018.

What the statement says about testing is data here, not prose in the template, because the
browser tests read the same data: tests/test_browser_accessibility.py runs axe on exactly the
pages of AUDITED, with exactly AXE_TAGS, and fails if AXE_VERSION is not the axe-core bundled
with the test tools. The statement cannot name a page, a rule set or a tool version that the
tests do not check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .params import takes

# The axe-core release the tests run (bundled by axe-playwright-python, a dev dependency);
# the browser test compares it with `axe.version` in the page.
AXE_VERSION = "4.12.1"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice")
# The day the statement was prepared and the site last tested; change it when the statement is
# reviewed (the automated checks run on every change, `make test`).
TESTED_ON = dt.date(2026, 12, 1)
WIDTHS = (1280, 390, 320)  # CSS pixels: desktop, phone, and the 320 px of WCAG 1.4.10


@dataclass(frozen=True)
class Audited:
    key: str  # the name the browser test gives this page's address
    description: str


AUDITED = (
    Audited("map", "The map page, with its table of every council"),
    Audited("councils", "The councils A to Z, with its name and postcode search"),
    Audited("council-county", "A county council's page"),
    Audited("council-district", "A district council's page"),
    Audited("council-london", "A London borough's page"),
    Audited("decision", "A decision's page, with its remedies"),
    Audited("letter", "An annual review letter"),
    Audited("search", "The decisions search"),
    Audited("data", "About the data"),
    Audited("funnels", "The funnel plots"),
    Audited("rankings", "The rankings of councils on one measure"),
    Audited("compare", "Councils compared side by side"),
    Audited("service-areas", "England's figures by service area"),
    Audited("service-improvements", "Service improvements agreed across England"),
    Audited("statement", "This accessibility statement"),
    Audited("api-docs", "The API documentation"),
    Audited("not-found", "The page shown for an address that does not exist"),
    Audited("admin-login", "The staff sign-in page"),
    Audited("admin-decisions", "The staff list of decisions"),
    Audited("admin-decision", "The staff form for changing a decision and its recommendations"),
)

# What is known not to meet WCAG 2.2 AA, each with why and what to use instead.
KNOWN_ISSUES = (
    (
        "The annual review letters as PDF files are not tagged PDFs: a screen reader reads "
        "their text, but not their headings and table structure.",
        "Each letter is also a web page, with the same text, headings and tables; use that.",
    ),
    (
        "The API documentation is drawn by Swagger UI, a tool we did not write. We have fixed "
        'what our tests find on it, but its interactive "try it out" forms have not been '
        "checked by hand with a screen reader.",
        "Every operation is also described in the OpenAPI schema at /api/schema/.",
    ),
    (
        "On a phone, at the map's first zoom the smallest London boroughs (Camden, for one) are "
        "only a few pixels wide, too small to tap with confidence.",
        "Zoom the map in, search for the council by name or postcode, move between councils "
        "with the arrow keys, or use the table of every council under the map.",
    ),
    (
        "Of the staff pages, every list and every form for adding a record is tested "
        "automatically, but of the forms for changing a record only a decision's; the others "
        "(letters, uploads, publishing statistics) use the same templates and styles.",
        "Staff who meet a problem there can report it as below.",
    ),
)


@takes()
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accessibility.html",
        {
            "audited": AUDITED,
            "axe_version": AXE_VERSION,
            "axe_tags": AXE_TAGS,
            "tested_on": TESTED_ON,
            "widths": WIDTHS,
            "known_issues": KNOWN_ISSUES,
            "contact": settings.ACCESSIBILITY_CONTACT,
            "nav_section": "accessibility",
        },
    )
