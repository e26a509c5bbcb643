"""`/csp-report/`: where browsers send what the Content-Security-Policy blocked (the policy's
`report-uri`). Each report is logged as a warning, so a page that breaks under the policy is seen
in the logs rather than by a reader. Anyone can post here, so the body is bounded and only the
report's own fields are logged, each cut short."""

from __future__ import annotations

import json
import logging

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("ombudsman.csp")

MAX_BODY = 16 * 1024
FIELDS = (
    "document-uri",
    "violated-directive",
    "effective-directive",
    "blocked-uri",
    "source-file",
    "line-number",
    "script-sample",
)


@csrf_exempt  # browsers send reports without a token; nothing here changes any data
@require_POST
def csp_report(request):
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
        return HttpResponseBadRequest("A report is at most 16 KB.")
    try:
        report = json.loads(request.body or b"{}").get("csp-report")
    except (ValueError, AttributeError):
        return HttpResponseBadRequest('Send a CSP report as JSON: {"csp-report": {...}}.')
    if not isinstance(report, dict):
        return HttpResponseBadRequest('Send a CSP report as JSON: {"csp-report": {...}}.')
    logger.warning(
        "content security policy violation",
        extra={"csp": {name: str(report.get(name, ""))[:300] for name in FIELDS}},
    )
    return HttpResponse(status=204)
