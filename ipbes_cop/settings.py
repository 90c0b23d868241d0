"""Settings for the IPBES communities of practice registry.

One module, driven by environment variables. Development defaults are safe on a
laptop; with DEBUG off, unsafe values stop start-up with a message saying what
to set. Every variable is listed in README.md.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-insecure-key-change-me"  # noqa: S105 (refused with DEBUG off)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")
DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# TRACK, the IPBES impact tracking database: where coordinators submit an example.
TRACK_SUBMISSION_URL = os.environ.get("TRACK_SUBMISSION_URL", "https://ipbes.net/impact-tracking")
# Set: every e-mailed link starts with SITE_URL. Unset: with the request's own origin
# when there is a request, else the default above (registry/links.py).
SITE_URL_FIXED = bool(os.environ.get("SITE_URL"))

if not DEBUG:
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DEBUG is off: set SECRET_KEY to a long random value (at least 50 characters), "
            'e.g. python -c "import secrets; print(secrets.token_urlsafe(64))".'
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DEBUG is off: set ALLOWED_HOSTS to the host names the site is served on, "
            "comma-separated (e.g. ALLOWED_HOSTS=registry.example.org)."
        )

INSTALLED_APPS = [
    "registry.apps.RegistryAdminConfig",  # django.contrib.admin, with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.orcid",
    "allauth.mfa",
    "django_filters",
    "rest_framework",  # the public API (/api/v1/, registry/api/)
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by the app (no CDN)
    "corsheaders",
    "django_countries",
    "mailer",
    "simple_history",
    "registry",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Security headers (CSP, Permissions-Policy, CORP): above WhiteNoise, which answers
    # static files itself and returns early, so they are on static responses too.
    "registry.http_headers.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    # CORS for the public API only (CORS_URLS_REGEX): above CommonMiddleware and WhiteNoise.
    "corsheaders.middleware.CorsMiddleware",
    # Bad input: control characters in the URL get our 404 page before any view,
    # file lookup or query sees them (PostgreSQL refuses NUL in strings).
    "registry.bad_input.RefuseControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compression of what the page cache does not answer (signed-in pages: gzip with
    # Django's BREACH padding); the page cache stores its pages already compressed.
    "django.middleware.gzip.GZipMiddleware",
    # Anonymous public pages from the shared cache: above the session, so a hit
    # touches neither the session nor the database (registry/page_cache.py).
    "registry.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "registry.staff_access.StaffAccessMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "ipbes_cop.urls"
WSGI_APPLICATION = "ipbes_cop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in the project folder by default; PostgreSQL through DATABASE_URL,
# with persistent, health-checked connections.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
# Sent on each PostgreSQL connection. PostgreSQL's default cost of reading a page out of
# order (random_page_cost 4) is for spinning disks: with the data in memory or on SSD it
# scanned the whole table for a search its GIN index answers (?q=pollinator at 10k:
# 11 → 4 ms). POSTGRES_OPTIONS= (empty) sends none, e.g. behind a pooler that refuses
# startup options: set it on the database instead (docs/deployment.md).
POSTGRES_OPTIONS = os.environ.get("POSTGRES_OPTIONS", "-c random_page_cost=1.1")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and POSTGRES_OPTIONS:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = POSTGRES_OPTIONS
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache every server process shares: allauth's rate limits live here.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "registry_cache",
    }
}

AUTH_USER_MODEL = "registry.User"  # e-mail and display name, no username

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},  # ASVS 2.1.1
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "coordinator:dashboard"
LOGOUT_REDIRECT_URL = "registry:home"

# allauth: e-mail is the login, verified before first sign-in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "registry.account_forms.SignupForm"  # asks for a display name
ACCOUNT_USER_DISPLAY = "registry.models.users.user_display"
ACCOUNT_ADAPTER = "registry.account_adapter.AccountAdapter"  # its links from registry.links
# Sign-up, sign-in and password reset never say whether an address has an account:
# the owner of an address that is taken gets an e-mail instead.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
if env_bool("ACCOUNT_RATE_LIMITS_OFF"):
    ACCOUNT_RATE_LIMITS = False  # otherwise allauth's defaults, kept in the shared cache
# Behind a load balancer, rate limits key on the client address it reports:
# BEHIND_PROXY=1 trusts X-Forwarded-Proto and the last PROXY_COUNT X-Forwarded-For hops
# (or, with CLIENT_IP_HEADER, that single header set by the proxy, e.g. X-Real-IP).
if env_bool("BEHIND_PROXY"):
    ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "1"))
    if os.environ.get("CLIENT_IP_HEADER"):
        ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ["CLIENT_IP_HEADER"]

# Staff (task force, Bureau, Secretariat, superusers) reach the admin only with a second
# factor when DEBUG is off; STAFF_MFA_REQUIRED=0 relaxes it (e.g. a staging server).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "IPBES CoP registry")
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG  # security keys on http://127.0.0.1 in the demo
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", default=not DEBUG)
# Staff sessions: 12 hours at most, and 1 hour without a request ends them.
STAFF_SESSION_MAX_AGE = 12 * 60 * 60
STAFF_SESSION_IDLE = 60 * 60
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IPBES CoP registry] "
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
# ORCID sign-in appears once credentials are configured.
ORCID_CLIENT_ID = os.environ.get("ORCID_CLIENT_ID", "")
ORCID_SECRET = os.environ.get("ORCID_SECRET", "")
SOCIALACCOUNT_PROVIDERS = {
    "orcid": {
        "BASE_DOMAIN": os.environ.get("ORCID_BASE_DOMAIN", "orcid.org"),
        "MEMBER_API": False,
        **(
            {"APPS": [{"client_id": ORCID_CLIENT_ID, "secret": ORCID_SECRET, "key": ""}]}
            if ORCID_CLIENT_ID and ORCID_SECRET
            else {}
        ),
    }
}

# Internationalisation: the six UN languages, English first.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads: a logo is at most 2 MB; bigger request bodies are refused early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Request size limits: stop reading an upload as soon as it passes the logo limit
# (registry/uploads.py), instead of spooling the whole body first.
FILE_UPLOAD_HANDLERS = [
    "registry.uploads.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# E-mail: queued in the database (django-mailer) so a failing mail server never
# loses a notice; MAILER_EMAIL_BACKEND is what actually delivers.
EMAIL_BACKEND = "registry.mail_backend.QueueThenSendBackend"
MAILER_EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILER_USE_FILE_LOCK = False  # messages are locked in the database instead
MAILER_EMPTY_QUEUE_SLEEP = int(os.environ.get("MAILER_EMPTY_QUEUE_SLEEP", "10"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "registry@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people write to the Secretariat: shown on the account pages ("write to …").
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", DEFAULT_FROM_EMAIL)

# Security: strict in production, relaxed on a laptop.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
if not DEBUG:
    # __Host- cookies are only accepted over HTTPS, for this exact host, on path /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Security headers: a strict Content Security Policy (django-csp) and the rest, on
# every response including static files, error pages, feeds and exports. No
# 'unsafe-inline' and no nonce (shared-cached pages carry nothing per response): every
# script and style is a file under static/. See docs/deployment.md "Security headers".
_form_targets = [SELF]
if ORCID_CLIENT_ID and ORCID_SECRET:
    # ORCID sign-in is a POST that redirects to ORCID; form-action applies to that redirect.
    _form_targets.append(f"https://{SOCIALACCOUNT_PROVIDERS['orcid']['BASE_DOMAIN']}")
_media = urlsplit(MEDIA_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # Uploaded logos may live in object storage on another origin.
        # data: for the QR code allauth draws when staff set up an authenticator app.
        "img-src": [
            SELF,
            "data:",
            *([f"{_media.scheme}://{_media.netloc}"] if _media.netloc else []),
        ],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": _form_targets,
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Powerful browser features the registry never uses, denied to every page and frame.
PERMISSIONS_POLICY = dict.fromkeys(
    [
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "encrypted-media", "geolocation", "gyroscope", "hid", "magnetometer", "microphone",
        "midi", "payment", "picture-in-picture", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking",
    ],
    (),
) | {
    # Security keys (WebAuthn) are a second factor for staff: this origin only.
    "publickey-credentials-create": ("self",),
    "publickey-credentials-get": ("self",),
}  # fmt: skip

# --- The public API (/api/v1/, registry/api/): read-only, anonymous ---------------------
# Django REST framework with drf-spectacular (the OpenAPI document) and django-cors-headers.
# Every request is read as an anonymous visitor's (no authentication class), JSON only
# (no browsable API: it needs a session and inline scripts), errors as RFC 9457 problem
# details, a per-client rate limit kept in the shared default cache.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/minute") or None
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["registry.api.throttling.ApiClientThrottle"],
    "DEFAULT_PAGINATION_CLASS": "registry.api.pagination.ApiPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "registry.api.errors.problem_details_handler",
    "DATETIME_FORMAT": "%Y-%m-%dT%H:%M:%SZ",  # UTC (TIME_ZONE), ISO 8601
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IPBES communities of practice registry API",
    "DESCRIPTION": (
        "Read-only public data of the registry: published communities of practice, their "
        "contributions to IPBES's work, examples of IPBES impact, IPBES collaborative "
        "supporters and the IPBES vocabularies. Slugs are stable identifiers; list "
        "endpoints take the same filter parameters as the registry's pages."
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": False,
    "ENUM_NAME_OVERRIDES": {},
    "DISABLE_ERRORS_AND_WARNINGS": False,
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True  # public data; no credentials are ever sent or honoured
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "user-agent"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
CORS_PREFLIGHT_MAX_AGE = 86400
# --- end of the public API ----------------------------------------------------------------

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Page cache (registry/page_cache.py, registry/data_version.py) ---
# Anonymous public pages are kept in CACHES["pages"] (it must be shared by every
# process; set up below with the default cache) until the data changes, and
# PAGE_CACHE_SECONDS at most (0 turns it off); browsers and proxies may keep them
# PAGE_CACHE_MAX_AGE seconds. Off by default with
# DEBUG on, so that an edited template shows at once on a laptop.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if DEBUG else "600"))
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "60"))

# --- Faults: mail delivery, maintenance (read-only or unreachable database), static root ---
# Mail: no request waits on a mail server. With the SMTP backend only the mail worker
# (`manage.py runmailer`) delivers, waiting at most EMAIL_TIMEOUT seconds per attempt; an
# in-process backend (console in development, locmem in tests, whose mail.outbox is read right
# after a request) delivers right after the commit. MAIL_DELIVER_ON_COMMIT=1/0 forces either
# (see registry/notifications.py and docs/deployment.md). Failed attempts are logged at WARNING.
MAIL_DELIVER_ON_COMMIT = (
    env_bool("MAIL_DELIVER_ON_COMMIT") if "MAIL_DELIVER_ON_COMMIT" in os.environ else None
)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
MAILER_ERROR_HANDLER = "registry.notifications.defer_and_warn"
# Static files are collected into STATIC_ROOT when set (the production-server test uses a
# throwaway folder), else into staticfiles/ in the project.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", STATIC_ROOT))
# Maintenance (registry/maintenance.py): with the database read-only or unreachable, writes get
# a 503 page and reads keep working; the session and cache writes a GET makes are dropped.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware") + 1,
    "registry.maintenance.MaintenanceMiddleware",
)
SESSION_ENGINE = "registry.maintenance"
CACHES["default"]["BACKEND"] = "registry.maintenance.DatabaseCache"

# --- Beyond one machine: a shared Redis cache, uploads in S3-compatible object storage ---
# See docs/deployment.md "Beyond one machine". Without REDIS_URL the cache stays in the
# database (the maintenance-aware DatabaseCache above); without S3_BUCKET uploads stay in
# MEDIA_ROOT and registry/media.py serves them.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("CACHE_KEY_PREFIX", "")
CACHES["default"]["VERSION"] = int(os.environ.get("CACHE_VERSION", "1"))
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # allauth's rate limits and every other cache user then count across all app processes.
    # Nothing of maintenance mode applies: Redis writes never touch the database. A Redis
    # that does not answer fails a request within 2 s instead of holding it.
    CACHES["default"] = {
        "BACKEND": "registry.redis_cache.RedisCache",  # Django's, one client per pool
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"],
        "VERSION": CACHES["default"]["VERSION"],
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
# Rendered pages and counts (registry/data_version.py store()) apart from the rate limits:
# any query string makes a page, and a database cache over its MAX_ENTRIES culls the keys
# that sort first, allauth's rate limits among them. Same Redis, its own prefix; or its
# own table (migration 0018).
if REDIS_URL:
    CACHES["pages"] = {
        **CACHES["default"],
        "KEY_PREFIX": f"{CACHES['default']['KEY_PREFIX']}pages",
    }
else:
    CACHES["pages"] = {
        **CACHES["default"],
        "LOCATION": "registry_page_cache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "5000"))},
    }
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    _endpoint = os.environ.get("S3_ENDPOINT_URL", "").rstrip("/")
    _region = os.environ.get("S3_REGION", "")
    # Where browsers read the logos: a CDN or public domain, else the bucket itself.
    if os.environ.get("S3_PUBLIC_URL"):
        S3_PUBLIC_URL = os.environ["S3_PUBLIC_URL"].rstrip("/") + "/"
    elif _endpoint:
        S3_PUBLIC_URL = f"{_endpoint}/{S3_BUCKET}/"
    else:
        _aws = f"s3.{_region}.amazonaws.com" if _region else "s3.amazonaws.com"
        S3_PUBLIC_URL = f"https://{S3_BUCKET}.{_aws}/"
    _public = urlsplit(S3_PUBLIC_URL)
    S3_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": _endpoint or None,
            "region_name": _region or None,
            # Empty: boto3's own chain (AWS_* variables, the instance's role).
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "addressing_style": "path" if _endpoint else None,
            # Plain, stable URLs (no signature that expires): logos are public, and a page
            # cached for anonymous visitors keeps working. The bucket (or the CDN) must
            # allow public reads of the objects.
            "querystring_auth": False,
            "custom_domain": (_public.netloc + _public.path).rstrip("/"),
            "url_protocol": f"{_public.scheme}:",
            "default_acl": None,
            "file_overwrite": False,
            # Logo names are random and never reused (registry.models.logo_upload_to).
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    STORAGES["default"] = S3_STORAGE
    MEDIA_URL = S3_PUBLIC_URL
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_public.scheme}://{_public.netloc}")
