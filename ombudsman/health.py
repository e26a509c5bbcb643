"""`/healthz`: for load balancers and uptime checks. 200 when the database and the cache both
answer, 503 naming the one that does not (pages need both: every figure is read through the
cache); never cached, no personal data. Exempt from the SSL redirect (settings.production), so a
probe on the internal network gets an answer, not a 301."""

import logging
import time
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    # A key of its own each time: a value left by another probe (or process) proves nothing.
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was just stored")
    cache.delete(key)


CHECKS = {"database": _database, "cache": _cache}


@never_cache
def healthz(request):
    body, healthy = {}, True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception:  # any failure means "not healthy", whatever its type
            logger.exception("health check: the %s did not answer", name)
            body[name], healthy = "unavailable", False
            continue
        body[name] = "ok"
        body[f"{name}_ms"] = round((time.perf_counter() - started) * 1000, 1)
    body = {"status": "ok" if healthy else "error", **body}
    return JsonResponse(body, status=200 if healthy else 503)
