"""Settings shared by every environment; each value that varies comes from the environment."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def next_redis_database(url):
    """redis://host:6379/0 -> redis://host:6379/1: the page cache's own database beside the shared cache."""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{number + 1}"))


def redis_database(url):
    """redis://host:6379/0 -> ("host", 6379, 0): which database of which server a URL names."""
    parts = urlsplit(url)
    return parts.hostname, parts.port or 6379, int(parts.path.strip("/") or 0)


def shared_caches(redis_url="", page_cache_url=""):
    """Production's CACHES, shared by every worker and server: the version keys that say a figure is
    stale, the rate limits, the renditions and the page cache. With `redis_url` they live in Redis (the
    page cache in the next database number, or `page_cache_url`, since clearing it empties its whole
    database: it must never be the shared cache's); without it, in PostgreSQL (Django's database cache:
    `migrate` creates its tables)."""
    if not redis_url:
        database = "django.core.cache.backends.db.DatabaseCache"
        return {
            "default": {"BACKEND": database, "LOCATION": "cache_default"},
            "renditions": {"BACKEND": database, "LOCATION": "cache_renditions", "OPTIONS": {"MAX_ENTRIES": 20000}},
            "pages": {"BACKEND": database, "LOCATION": "cache_pages", "OPTIONS": {"MAX_ENTRIES": 5000}},
        }
    page_cache_url = page_cache_url or next_redis_database(redis_url)
    if redis_database(page_cache_url) == redis_database(redis_url):
        raise ImproperlyConfigured(
            "REDIS_PAGE_CACHE_URL must name another Redis database than REDIS_URL (e.g. /1 beside /0): "
            "every change empties the page cache's whole database, rate limits and version keys with it."
        )
    redis = "core.redis_cache.RedisCache"
    # Short socket timeouts: while Redis is away, pages answer 503 at once rather than hang a worker.
    options = {"socket_connect_timeout": 2, "socket_timeout": 2}
    return {
        "default": {"BACKEND": redis, "LOCATION": redis_url, "OPTIONS": options},
        "renditions": {"BACKEND": redis, "LOCATION": redis_url, "KEY_PREFIX": "renditions", "OPTIONS": options},
        "pages": {"BACKEND": redis, "LOCATION": page_cache_url, "OPTIONS": options},
    }


DEBUG = env_bool("DEBUG", False)

# The site's front page type. Section index pages (events, stories, tributes, press) stand under it
# and name it through this setting, as models name the user model through AUTH_USER_MODEL.
HOME_PAGE_MODEL = "home.HomePage"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The project's apps, in their layers (DESIGN.md): each uses only those listed before it.
INSTALLED_APPS = [
    "core",
    "donations",
    "events",
    "stories",
    "home",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "django_tasks",
    "django_tasks_db",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
    "health_check",
]

# The page cache (core/pagecache.py) wraps everything: first to keep a response, last to answer from it.
MIDDLEWARE = [
    "core.pagecache.UpdatePageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.security.RefuseNulBytesMiddleware",
    "core.security.RequestBodyLimitMiddleware",
    "core.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A kept page is answered here, before sessions, CSRF, authentication and the rest: it was kept with
    # every header those gave it, and it is kept only for readers without a session (core/pagecache.py).
    # Pages are dropped from it on every change, withdrawals and redirects included.
    "core.pagecache.FetchFromPageCacheMiddleware",
    # Wagtail's site and root page for the request, from the cache (core/sites.py).
    "core.sites.SiteFromCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "stories.tributes.middleware.WithdrawnTributeMiddleware",
]

ROOT_URLCONF = "necsociety.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "necsociety.wsgi.application"

# DATABASE_URL unset: SQLite in the project folder; postgres://... : PostgreSQL through psycopg 3.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
# How long a web worker waits for PostgreSQL: to connect, and for one statement. While the database
# is unreachable, pages answer 503 "back in a moment" (home.views.server_error) instead of hanging.
DATABASE_CONNECT_TIMEOUT_SECONDS = int(os.environ.get("DATABASE_CONNECT_TIMEOUT_SECONDS", "5"))
DATABASE_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "30000"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=DATABASE_CONNECT_TIMEOUT_SECONDS,
        options=f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: a locked-out account or address is refused before its password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Los_Angeles"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Image renditions have a cache of their own (Wagtail looks for "renditions"): each <picture> has
# several renditions per image, which would otherwise crowd the page caches and their version keys
# out of a small local-memory cache. Whole pages for anonymous readers have one too ("pages",
# core/pagecache.py), cleared on every change. Local memory is one worker's own: production shares
# them all through Redis (REDIS_URL) or the database (settings/production.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# The page cache: how long a kept page may serve anonymous readers (0 turns it off), and how long a
# CDN in front may keep one (`Cache-Control: s-maxage`; browsers always ask again).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
CDN_CACHE_SECONDS = int(os.environ.get("CDN_CACHE_SECONDS", "60"))
CACHE_MIDDLEWARE_ALIAS = "pages"
CACHE_MIDDLEWARE_KEY_PREFIX = "page"
CACHE_MIDDLEWARE_SECONDS = PAGE_CACHE_SECONDS

# Email: console in development, SMTP in production (EMAIL_URL-style settings kept explicit).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A stalled SMTP server must not hold the email worker (or a request that still sends one) for ever;
# Django's default is no timeout.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "NEC Society <hello@necsociety.org>")

# Tasks (django-tasks). Wagtail's own tasks run at once ("default"); every email is a job stored in
# the project's database ("emails", django-tasks-db), run by `manage.py email_worker`.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "emails": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# The email worker (`manage.py email_worker`, core/email_worker.py) says it is alive this often, sending or
# not; a job held by a worker silent for the lease is given back and sent by the next worker. The lease
# must be several heartbeats long (a worker waiting out a database outage beats again within one).
EMAIL_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("EMAIL_WORKER_HEARTBEAT_SECONDS", "5"))
EMAIL_WORKER_LEASE_SECONDS = float(os.environ.get("EMAIL_WORKER_LEASE_SECONDS", "60"))
# The email worker deletes the jobs finished this many days ago: each holds the words and recipients of
# the email it sent (the privacy policy says so).
EMAIL_JOBS_KEPT_DAYS = int(os.environ.get("EMAIL_JOBS_KEPT_DAYS", "30"))
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Stripe (DESIGN.md contracts). STRIPE_API_BASE points the server at localstripe.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")

WAGTAIL_SITE_NAME = "NEC Society"
# The site's public address (DESIGN.md): `migrate` applies it to the default Wagtail Site, and every
# absolute URL the site emits (canonical, share links, sitemap, iCal, emails) starts with it.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
# Wagtail's own notices to staff get an HTML part too, in the layout of every email the site sends
# (templates/wagtailadmin/notifications/base.html extends templates/email/base.html).
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
# The admin's password-reset email in the same layout (core/accounts.py).
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "core.accounts.BrandedPasswordResetForm"  # noqa: S105 (a form, not a password)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]

DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Public forms count uses per visitor's address (core/ratelimit.py). Behind a proxy every visitor
# shares the proxy's address: name the META key of the header it appends to, e.g. HTTP_X_FORWARDED_FOR.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")

# The donation form's defence against card testing (donations/): the proof of work a browser solves
# (tries on average; about a second), and attempts allowed per address, per email and per card.
DONATION_CHALLENGE_DIFFICULTY = 1000
DONATION_ATTEMPTS_PER_ADDRESS_PER_HOUR = 20
DONATION_ATTEMPTS_PER_EMAIL_PER_HOUR = 5
DONATION_ATTEMPTS_PER_CARD_PER_HOUR = 3
# A monthly donor's private link to manage their gift (donations/donor_links.py): how long one stays
# valid (every receipt brings a fresh one), and how often one address may ask for it by email.
MONTHLY_GIFT_LINK_MAX_AGE_DAYS = 60
MONTHLY_GIFT_LINK_REQUESTS_PER_HOUR = 5

# The family tribute form and the family's private link (stories/tributes/).
TRIBUTE_FORM_MIN_SECONDS = 5
TRIBUTE_SUBMISSIONS_PER_HOUR = 4
# Every sending of the form, those with a mistake to correct included: room for a family to fix their
# form several times, while a script repeating it is still stopped.
TRIBUTE_SENDINGS_PER_HOUR = 20
TRIBUTE_LINK_MAX_AGE_DAYS = 365
# All the photos of one submission together (each is at most 40 megapixels): six 12 MP phone photos fit.
TRIBUTE_PHOTOS_MAX_PIXELS = 80_000_000
# Change requests one private link may send in a day (each emails the staff).
TRIBUTE_CHANGE_REQUESTS_PER_DAY = 3
# The tribute guestbook (stories/tributes/guestbook/), with the share form's minimum time: sendings one address
# may make in an hour, and messages it may leave (or have refused as spam or too fast).
GUESTBOOK_SENDINGS_PER_HOUR = 20
GUESTBOOK_MESSAGES_PER_HOUR = 5

# The contact form (home/contact.py), with the share form's defences: the minimum time, the sendings one
# address may make in an hour, and the messages it may send (or have refused as spam or too fast).
CONTACT_FORM_MIN_SECONDS = 5
CONTACT_SENDINGS_PER_HOUR = 20
CONTACT_MESSAGES_PER_HOUR = 5

# Runners joining a team and their dashboard (stories/runners/flow.py, stories/runners/views.py).
RUNNER_SIGNUP_FORM_MIN_SECONDS = 5
# Sign-ups stored (and sendings refused as spam) per address in an hour; every sending, in a roomier one.
RUNNER_SIGNUPS_PER_HOUR = 4
RUNNER_SIGNUP_SENDINGS_PER_HOUR = 20
# A sign-in link works for this long; the runner asks for a new one from the sign-in form.
RUNNER_SIGN_IN_LINK_MAX_AGE_HOURS = 72
# Sign-in links one address, or one email address, may ask for in an hour (each sends an email).
RUNNER_SIGN_IN_REQUESTS_PER_HOUR = 5
# Changes (story, photo, goal) and thank-yous one signed-in runner may send in an hour.
RUNNER_DASHBOARD_ACTIONS_PER_HOUR = 60

# The largest body a public form can need (the tribute form: 6 photos of 10 MB and its text). A
# request to a public address that declares more is refused with 413 before it is read
# (core.security.RequestBodyLimitMiddleware); the admin's uploads have their own limits.
PUBLIC_REQUEST_MAX_BYTES = 62 * 1024 * 1024

# Admin sign-in (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account from one
# address, or from one address for any accounts, that address is refused for AXES_COOLOFF_TIME
# hours; each failure and lockout is logged. Never by the account alone: guesses from elsewhere
# must not lock an editor out of their own connection.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin_locked_out.html"
AXES_SENSITIVE_PARAMETERS = []  # the log names the account and address tried (never the password)

# Content-Security-Policy (django-csp) on every response; a page that shows the donation form adds
# Stripe's hosts (donations.csp). Inline styles are allowed: Stripe's Elements and the progress
# bars set style attributes. Scripts: this site's files only (no nonce: a page kept for every reader
# could not carry one; the event page's JSON-LD is a data block, which CSP does not govern).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The admin (signed-in staff only) replaces these directives: Wagtail 8's inline panels and date
# pickers still start from inline <script> elements.
CONTENT_SECURITY_POLICY_ADMIN = {"script-src": [SELF, UNSAFE_INLINE]}
# Powerful browser features the site never uses, refused for it and for any frame in it.
# Stripe's frames may ask for payment (Apple Pay / Google Pay in the Payment Element).
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "usb": [],
    "browsing-topics": [],
    "payment": ["self", "https://js.stripe.com"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "donations": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "stories": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "core": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
