"""The decision rows of `make bench` on one database (run by bench/scale.py, once per scale, as a
process of its own because Django's settings name one database): the requests users make of
the decisions that do not read the tallies, each timed cold (every cache emptied before each
run) and warm, through Django's test client in this process. Prints one JSON object.

Usage: DATABASE_URL=... python -m bench.scale_rows
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (row name, path): what a user asks, unfiltered where users are. A common word matches most
# decisions, a rare one a few hundred, a council's name one council's.
ROWS = (
    ("/api/decisions/ first page", "/api/decisions/"),
    ("/api/decisions/ deepest page (page 200)", "/api/decisions/?page=200"),
    # An `after` page 50 rows from the end of the whole list: what page 200's next links reach.
    ("/api/decisions/ after-page at the end", "/api/decisions/?after={after}"),
    ("/api/decisions/?q= common word", "/api/decisions/?q=council"),
    ("/api/decisions/?q= rare word", "/api/decisions/?q=noise"),
    ("/api/decisions/?q= a council's name", "/api/decisions/?q=hertsmere"),
    ("admin decision list", "/admin/decisions/decision/"),
    ("admin search by an exact reference", "/admin/decisions/decision/?q={reference}"),
    ("admin search by a council's name", "/admin/decisions/decision/?q=hertsmere"),
)
COLD_RUNS, WARM_RUNS = 5, 9


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.test import Client

    from decisions.models import Decision
    from ombudsman.cache import derived_clear

    client = Client(HTTP_HOST="127.0.0.1")
    chief, _ = User.objects.get_or_create(
        username="bench-chief", defaults={"is_staff": True, "is_superuser": True}
    )
    client.force_login(chief)
    reference = Decision.objects.order_by("id").values_list("reference", flat=True)[
        Decision.objects.count() // 2
    ]

    def timed(path: str, cold: bool) -> float:
        if cold:
            cache.clear()
            derived_clear()
        start = time.perf_counter()
        response = client.get(path, HTTP_ACCEPT="application/json")
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        return elapsed

    from decisions.api.views import DecisionViewSet

    keyset = DecisionViewSet.keyset
    public = keyset.first(Decision.objects.public())
    after = keyset.token(public[max(public.count() - 51, 0)])

    out = {"decisions": Decision.objects.count(), "rows": {}}
    for name, path in ROWS:
        path = path.format(reference=reference.replace(" ", "-"), after=after)
        cold = statistics.median(timed(path, True) for _ in range(COLD_RUNS))
        timed(path, False)
        warm = statistics.median(timed(path, False) for _ in range(WARM_RUNS))
        out["rows"][name] = {"cold": cold, "warm": warm}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
