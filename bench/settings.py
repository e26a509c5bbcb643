"""Settings for the benchmark's gunicorn: the local settings plus a folder of static files served
by the same WhiteNoise stack (the baseline for the map's throughput) and no API throttle."""

import os

from ombudsman.settings.local import *  # noqa: F403

DEBUG = False
WHITENOISE_ROOT = os.environ.get("BENCH_STATIC_ROOT") or None
WHITENOISE_AUTOREFRESH = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
