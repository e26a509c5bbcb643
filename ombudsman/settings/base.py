"""Settings shared by every environment. Machine-specific values come from the environment."""

from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# A development key is only ever used by `local`; `production` refuses to start with it.
INSECURE_SECRET_KEY = "django-insecure-local-development-key-never-used-in-production"
SECRET_KEY = env_str("SECRET_KEY", INSECURE_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

INSTALLED_APPS = [
    "ombudsman.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "simple_history",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ombudsman",
    "councils",
    "decisions",
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ombudsman.middleware.CachedCSPMiddleware",
    "ombudsman.middleware.RejectNulMiddleware",
    # As high as it can be (its README): its headers go on every answer, the 304s below too.
    "corsheaders.middleware.CorsMiddleware",
    # A conditional GET of figures whose tag holds ends here (ombudsman.conditional).
    "ombudsman.conditional.RevalidationMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CORS and before the views: an API query parameter the schema does not document is
    # a 400 naming it (ombudsman.api.parameters).
    "ombudsman.api.parameters.UnknownParametersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and locks out after AXES_FAILURE_LIMIT (password guessing).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

ROOT_URLCONF = "ombudsman.urls"
WSGI_APPLICATION = "ombudsman.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ombudsman.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The whole-list CSV files (decisions.services.export_files): written by the app, one set per
# data version and day, older ones removed. Local to each server; nothing else is kept there.
EXPORT_ROOT = Path(env_str("EXPORT_ROOT", str(BASE_DIR / "var" / "exports")))
# Staff uploads waiting for, or kept after, a background import (decisions.services.imports.jobs):
# the web process writes them and the task worker reads them, so with several servers this must
# be a folder they all share. Nothing public is served from it.
IMPORT_ROOT = Path(env_str("IMPORT_ROOT", str(BASE_DIR / "var" / "imports")))
# Background tasks (imports) go to a queue in the database, which `manage.py db_worker` runs:
# `make run` starts one beside the web server. See pyproject.toml for why this library.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "ombudsman.storage.StaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ombudsman",
    }
}
if env_str("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL"),
    }

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "ombudsman.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["ombudsman.api.throttling.SharedAnonThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("API_ANON_RATE", "600/minute")},
    # How many proxies in front of the app servers append to X-Forwarded-For: the client is the
    # address that many hops from the end. 0 (the default) ignores the header, which anyone can
    # write; set it to the number of load balancers that really add themselves.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
}
# The throttle's counts live in the default cache, with the rest (Redis with several servers).
RATELIMIT_USE_CACHE = "default"

# Staff sessions end after 12 hours without a request (each request renews them), not 14 days.
SESSION_COOKIE_AGE = 12 * 3600
SESSION_SAVE_EVERY_REQUEST = True

SPECTACULAR_SETTINGS = {
    "TITLE": "Your council's performance: public API",
    "DESCRIPTION": (
        "Read-only open data on how the Local Government and Social Care Ombudsman's decisions "
        "fall on each English council: councils, decisions, recommendations, annual letters and "
        "the statistics computed from them. Years are reporting years (1 April to 31 March) "
        "written `2019-20`. Rates are percentages with one decimal and `null` when there is "
        "nothing to divide by. Averages for similar authorities are pooled: the sum of the "
        "numerators over all councils of the type that existed in the year, divided by the sum "
        "of the denominators."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No deep links: Swagger UI draws each operation's path as a link inside the button that
    # opens it, a control inside a control (axe nested-interactive, WCAG 4.1.2; issue 15).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ombudsman.api.schema_hooks.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ComplianceStatusEnum": "decisions.choices.ComplianceStatus",
        "FiguresStatusEnum": ["provisional", "published"],
        # higher / similar / lower than similar councils (decisions.statistics.uncertainty).
        "ComparisonClassEnum": ["higher", "similar", "lower"],
        "WarningDirectionEnum": ["above", "below"],
        # The kinds of place the council search finds (councils.places.KIND_RANK).
        "PlaceKindEnum": ["city", "town", "village", "suburb"],
        # Named as before the places' own "kind" made the automatic name collide.
        "KindEnum": "decisions.choices.RecommendationKind",
        # The controlled list of categories (decisions.service_areas).
        "ServiceAreaEnum": "decisions.service_areas.CHOICES",
    },
}

CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# Content-Security-Policy for every page, development included, so that the browser tests prove
# the site works under it: no inline scripts or styles anywhere (django-csp).
TILES_ORIGIN = env_str("TILES_ORIGIN", "")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([TILES_ORIGIN] if TILES_ORIGIN else [])],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        # The style attributes of library templates (DRF's browsable API: its filter button and
        # menu; django-simple-history's history list: its paginator), allowed by their hashes
        # alone: no other inline style, and never an inline script. tests/test_browser_csp.py
        # loads those pages and fails on any violation.
        "style-src-attr": [
            "'unsafe-hashes'",
            # "float: right; margin-right: 10px", "float: right", "border-top: 0"
            "'sha256-OfgyIBrd+/vP79JdFMYP+re4T+fIenvkrHPD2HZ8/cs='",
            "'sha256-WZ567ntT3BKIFaeoTtOOEdkkOJR5UidQJ809ufOE0zk='",
            "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
        ],
        # Browsers report what the policy blocked here; ombudsman.csp_reports logs it.
        "report-uri": ["/csp-report/"],
    }
}

# No tile server is reachable from development machines: the map draws the council polygons on
# a plain background and adds tiles only when TILES_URL is set (production).
TILES_URL = env_str("TILES_URL", "")
TILES_ATTRIBUTION = env_str("TILES_ATTRIBUTION", "&copy; OpenStreetMap contributors")
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (52.8, -1.6),
    "DEFAULT_ZOOM": 6,
    "MIN_ZOOM": 5,
    "MAX_ZOOM": 13,
    "SPATIAL_EXTENT": (-6.5, 49.8, 2.0, 55.9),
    "RESET_VIEW": False,
    "TILES": [("Map", TILES_URL, {"attribution": TILES_ATTRIBUTION})] if TILES_URL else [],
    "ATTRIBUTION_PREFIX": "Boundaries: ONS, OGL v3",
}

# The public address of the site, quoted in the annual letters.
SITE_URL = env_str("SITE_URL", "")

# The annual letters go out by email (decisions/services/letter_sending.py). Locally each message
# is printed by the console backend (the `make run` terminal); production sends through SMTP
# (ombudsman/settings/production.py). The same variables configure either.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "letters@localhost")

# Where the accessibility statement (/accessibility/) asks people to report a problem.
ACCESSIBILITY_CONTACT = env_str("ACCESSIBILITY_CONTACT", "accessibility@localhost")

# Shown on every page while the database holds generated (synthetic) decisions.
SAMPLE_DATA_NOTICE = env_bool("SAMPLE_DATA_NOTICE", True)

# LOG_FORMAT=json gives one JSON object per line (time, level, logger, message, request path,
# status, traceback) for a log collector; production defaults to it.
LOG_FORMAT = env_str("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(status_code)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
