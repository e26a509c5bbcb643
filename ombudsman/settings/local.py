"""Development, tests and `make run`: safe defaults, so a fresh clone runs with no configuration."""

from .base import *  # noqa: F403

# Serve files from the app folders without running collectstatic first.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# `make run` serves the site here, so the letters drafted locally link to it (production
# reads SITE_URL from the environment, base.py).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")  # noqa: F405
