import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ombudsman.settings.local")
application = get_wsgi_application()

# What each API operation takes is read from the schema (ombudsman.api.parameters): build it now,
# not in the first API request each worker answers (about 0.6 s).
from ombudsman.api.parameters import taken_parameters  # noqa: E402 (needs the app set up)

taken_parameters()

# A server process keeps large read-only tables in memory (ombudsman.cache), and recomputing them
# after a change allocates a few hundred thousand objects. With Python's default thresholds a
# full collection ran every dozen such requests and scanned everything (+45 ms, measured on a
# council page). What start-up loaded stays for good: freeze it out of every collection, and
# collect the youngest generation less often. Still needed without the map's response memo: in
# `make bench` without this, a cold council page took 90 ms (110 ms with five years published)
# against 49-69 ms (59-119 ms) with it, in runs on the same shared machine.
gc.freeze()
gc.set_threshold(10_000, 10, 10)
