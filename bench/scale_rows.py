"""The decision rows of `make bench` on one database (run by bench/scale.py, once per scale, as a
process of its own because Django's settings name one database): the requests users make of
the decisions that do not read the tallies, each timed three ways through Django's test client
in this process: cold (every cache emptied before each run: the first request after a change of
the data), built (only the finished responses emptied: the counts, tables and names kept, as for
another page or page size of a search made before) and warm (a repeat, answered from the response
kept under its data ETag, as every reader after the first gets it). Prints one JSON object.

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
    # The deepest numbered page: the 1,000th row at 50 a page (page 200 when the cap was 10,000).
    ("/api/decisions/ deepest page (page 20)", "/api/decisions/?page=20"),
    # An `after` page 50 rows from the end of the whole list: what page 20's next links reach.
    ("/api/decisions/ after-page at the end", "/api/decisions/?after={after}"),
    ("/api/decisions/?q= common word", "/api/decisions/?q=council"),
    ("/api/decisions/?q= rare word", "/api/decisions/?q=noise"),
    ("/api/decisions/?q= a council's name", "/api/decisions/?q=hertsmere"),
    ("/decisions/?q= common word (the search page)", "/decisions/?q=council"),
    ("/decisions/?q= rare word (the search page)", "/decisions/?q=noise"),
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
    from ombudsman.conditional import KEPT

    client = Client(HTTP_HOST="127.0.0.1")
    chief, _ = User.objects.get_or_create(
        username="bench-chief", defaults={"is_staff": True, "is_superuser": True}
    )
    client.force_login(chief)
    reference = Decision.objects.order_by("id").values_list("reference", flat=True)[
        Decision.objects.count() // 2
    ]

    def timed(path: str, kind: str) -> float:
        if kind == "cold":
            cache.clear()
            derived_clear()
        elif kind == "built":
            for store in KEPT.values():
                store.clear()
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
        cold = statistics.median(timed(path, "cold") for _ in range(COLD_RUNS))
        timed(path, "built")
        built = statistics.median(timed(path, "built") for _ in range(WARM_RUNS))
        warm = statistics.median(timed(path, "warm") for _ in range(WARM_RUNS))
        out["rows"][name] = {"cold": cold, "built": built, "warm": warm}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
