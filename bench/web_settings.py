"""Settings for `make bench-web`'s gunicorn: the benchmark's settings with the static files as
production serves them (collected with ombudsman.storage's hashed, pre-compressed names, so a
script is gzipped and cached for a year), not the development finders' plain files. The
baseline's files are served from BENCH_STATIC_ROOT by the same WhiteNoise (bench.settings)."""

import os
from pathlib import Path

from bench.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BENCH_COLLECTED_ROOT"])
WHITENOISE_USE_FINDERS = False
STORAGES["staticfiles"] = {"BACKEND": "ombudsman.storage.StaticFilesStorage"}  # noqa: F405
