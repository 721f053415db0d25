"""Settings for the Reisgids, read only from environment variables.

Every variable is documented where it is read. With ``DEBUG`` off there is no insecure
default: a missing ``SECRET_KEY`` stops start-up with a clear message.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.log import DEFAULT_LOGGING
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# DEBUG: "true" for local development only. Off by default.
DEBUG = env.bool("DEBUG", default=False)

# SECRET_KEY: required whenever DEBUG is off; signs sessions, tokens and password resets.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105 - only reachable with DEBUG on

# ALLOWED_HOSTS: comma separated host names this site answers to.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])

# SITE_URL: the public base URL, used in emails and feeds (no trailing slash).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "reisgids",
    "reisgids.accounts",
    "reisgids.notifications",
    "reisgids.outbox",
    # The apps above the kernel, layer by layer from the bottom (docs/architecture.md): a higher
    # app's ready() runs after the lower ones registered what it reads.
    "deals",
    "marktplaats",
    "atlas",
    "residence",
    "schouw",
    "kompas",
    "intake",
    "stories",
    "agenda",
    "sitesearch",
    "opendata",
    # Wagtail (admin at /beheer/)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",  # "Translate" in /beheer/: a page's English version
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",  # the form renderer (reisgids.forms) finds Django's widget templates
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    # Other
    "django_filters",
    "csp",
    "ninja",  # django-ninja: the API (opendata.api); its Swagger UI comes from its own static files
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "opendata.middleware.ApiMiddleware",  # /api/: rate limit, CORS for reading, JSON 400
    "reisgids.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "reisgids.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Fills the personal parts (reisgids.caching.slot) of every page below it, also the pages the
    # middlewares below answer with themselves (400, 403) and the ones the page cache keeps.
    "reisgids.middleware.PersonalPartsMiddleware",
    "reisgids.middleware.InputBoundsMiddleware",
    "reisgids.middleware.RequestScopeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "reisgids.middleware.AdminRequiresMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Innermost: keeps the page view's own response; a hit skips the cached site's lookup too.
    "atlas.middleware.AnonymousPageCacheMiddleware",
    "atlas.middleware.CachedSiteMiddleware",
]

ROOT_URLCONF = "reisgids.urls"
WSGI_APPLICATION = "reisgids.wsgi.application"

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
                "reisgids.context_processors.site",
                "reisgids.notifications.context_processors.notifications",
            ],
        },
    },
]
FORM_RENDERER = "reisgids.forms.ReisgidsFormRenderer"

# DATABASE_URL: e.g. postgres://user:password@host:5432/reisgids. When unset, a SQLite file
# under var/ is used so a newcomer sees the platform without installing a database server.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'reisgids.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The zero-setup SQLite database cannot enforce unique constraints with NULLS NOT DISTINCT
    # (marktplaats.Follow); PostgreSQL, used everywhere else, does. Demo installations only.
    SILENCED_SYSTEM_CHECKS = ["models.W047"]
    # var/ is not in git: a fresh clone gets it here, before `migrate` opens the file.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Prepared statements on (Django turns them off): only the site search's statements are prepared
    # (sitesearch.selectors._prepared_cursor); Django's own cursors bind on the client and never are.
    # Behind a connection pooler in transaction mode that needs PgBouncer 1.21 or later with
    # max_prepared_statements set.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# REDIS_URL: e.g. redis://127.0.0.1:6379/0. Used as cache (page and fragment caches, rate limits)
# and as Celery broker. When unset, a database cache is used and Celery tasks run eagerly.
# The cache fails soft: with Redis down every read is a miss and pages are rendered afresh
# (reisgids.redis_cache); sessions are read from the cache with the database behind it
# (reisgids.sessions), so sign-in keeps working.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "reisgids.redis_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # CACHE_KEY_PREFIX: separates several installations (or test runs) on one Redis.
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="reisgids"),
            # Short timeouts: an unreachable Redis costs a request at most this, once per breaker period.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "reisgids_cache",
        }
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Europe/Amsterdam"
# A task is acknowledged when it has finished, and a task whose worker process died (killed, out of
# memory) goes back to the queue: it runs again rather than counting as done. Every task is safe to run
# twice (reisgids.outbox). A worker takes one task at a time.
CELERY_TASK_ACKS_LATE = True
# CELERY_TASK_DEFAULT_QUEUE: the queue tasks are sent to (and a worker sends its follow-up tasks to);
# a benchmark or a test with a worker of its own uses a queue of its own.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# CELERY_VISIBILITY_TIMEOUT: seconds before Redis hands an unacknowledged task (its worker vanished)
# to another worker. Longer than the longest task, which the hard time limit below guarantees.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": 1,
}
CELERY_TASK_TIME_LIMIT = CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] // 2
# Sending a task to a broker that is down fails within a second (three connection attempts of at most
# a second when the broker does not answer at all) instead of holding up the request; the write that
# asked for it has committed, and its outbox row stays pending for the sweep.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}
# OUTBOX_RETRY_AFTER: seconds the sweep leaves an outbox row that was handed to Celery but is not done
# before handing it on again (doubling with each further hand-off, at most 6 hours).
OUTBOX_RETRY_AFTER = env.int("OUTBOX_RETRY_AFTER", default=300)
CELERY_BEAT_SCHEDULE: dict = {
    # The transactional outbox (reisgids.outbox): hand on work that was not handed to Celery or not
    # done in time, e.g. after a broker outage.
    "outbox-sweep": {"task": "outbox.sweep", "schedule": 60.0, "options": {"expires": 55}},
    # The daily notification digest (reisgids.notifications.tasks), at 07:00 Amsterdam time.
    "notifications-daily-digest": {
        "task": "notifications.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # The weekly notification digest, Mondays at 07:00 Amsterdam time.
    "notifications-weekly-digest": {
        "task": "notifications.send_weekly_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week=1),
    },
    # Kompas (kompas.tasks): the report of a period that ended, mailed once per recipient; overdue
    # monitoring reviews flagged to their owners.
    "kompas-reports": {"task": "kompas.generate_reports", "schedule": crontab(hour=6, minute=15)},
    "kompas-overdue-reviews": {"task": "kompas.flag_overdue_reviews", "schedule": crontab(hour=6, minute=20)},
    # Marktplaats (marktplaats.tasks): expire listings past their date, remind posters a week before.
    "marktplaats-expire-listings": {
        "task": "marktplaats.expire_listings",
        "schedule": crontab(hour=6, minute=30),
    },
    # Deals (deals.tasks): invitations unanswered for DEAL_INVITATION_LAPSE_DAYS lapse.
    "deals-lapse-invitations": {
        "task": "deals.lapse_invitations",
        "schedule": crontab(hour=6, minute=45),
    },
    # Residence (residence.tasks): weekly reminder to the owners of concerns open longer than
    # RESIDENCE_REMINDER_AFTER_DAYS, Mondays at 08:00 (at most one per concern per ISO week).
    "residence-concern-reminders": {
        "task": "residence.send_concern_reminders",
        "schedule": crontab(day_of_week=1, hour=8, minute=0),
    },
    # Intake (intake.tasks): whoever holds a step past its due date is reminded, once per step, at 07:45.
    "intake-overdue-reminders": {
        "task": "intake.send_overdue_reminders",
        "schedule": crontab(hour=7, minute=45),
    },
    # Intake (intake.tasks): whoever answers an overdue request of the initiators, Mondays at 08:15
    # (at most one reminder per request per week).
    "intake-request-reminders": {
        "task": "intake.send_request_reminders",
        "schedule": crontab(day_of_week=1, hour=8, minute=15),
    },
    # Schouw (schouw.tasks): remind the partners SCHOUW_REMINDER_DAYS before a planned schouw.
    "schouw-reminders": {
        "task": "schouw.send_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    # Retention (reisgids/retention.py): expired sessions, old notifications and audit rows, at 03:30.
    "reisgids-apply-retention": {
        "task": "reisgids.apply_retention",
        "schedule": crontab(hour=3, minute=30),
    },
}
# KOMPAS_PERIOD_MONTHS: the length of a kompas period (its report, its priorities), in months; the
# periods start on 1 January and then every so many months (6: half-yearly, 3: quarterly, 12: yearly).
KOMPAS_PERIOD_MONTHS = env.int("KOMPAS_PERIOD_MONTHS", default=6)
if KOMPAS_PERIOD_MONTHS not in (1, 2, 3, 4, 6, 12):
    raise ImproperlyConfigured("KOMPAS_PERIOD_MONTHS must divide a year: 1, 2, 3, 4, 6 or 12")
# DEAL_INVITATION_LAPSE_DAYS: an invitation to a deal that nobody answered for this many days lapses.
DEAL_INVITATION_LAPSE_DAYS = env.int("DEAL_INVITATION_LAPSE_DAYS", default=30)
if DEAL_INVITATION_LAPSE_DAYS < 1:
    raise ImproperlyConfigured("DEAL_INVITATION_LAPSE_DAYS must be at least 1")
# SCHOUW_INVITATION_DAYS: a personal invitation link to a schouw (peers, ervaringsdeskundigen) expires
# after this many days; SCHOUW_REMINDER_DAYS: the partners are reminded this many days before a schouw.
SCHOUW_INVITATION_DAYS = env.int("SCHOUW_INVITATION_DAYS", default=21)
SCHOUW_REMINDER_DAYS = env.int("SCHOUW_REMINDER_DAYS", default=14)
if SCHOUW_INVITATION_DAYS < 1 or SCHOUW_REMINDER_DAYS < 1:
    raise ImproperlyConfigured("SCHOUW_INVITATION_DAYS and SCHOUW_REMINDER_DAYS must be at least 1")
# The Right to Cooperate intake (/idee/, the intake app). INTAKE_TRIAGE_WORKING_DAYS: the initiatieventeam
# answers a new idea within this many working days (shown to the initiator); INTAKE_STEP_WORKING_DAYS:
# any other step is flagged overdue after this many. Who decides follows the amount (Zutphen's guide):
# up to INTAKE_DECISION_TEAM_LEAD_MAX euro the team lead with the residents, up to
# INTAKE_DECISION_WETHOUDER_MAX the wethouder, above it the college; a budget change: the gemeenteraad.
INTAKE_TRIAGE_WORKING_DAYS = env.int("INTAKE_TRIAGE_WORKING_DAYS", default=10)
INTAKE_STEP_WORKING_DAYS = env.int("INTAKE_STEP_WORKING_DAYS", default=20)
# INTAKE_REQUEST_WORKING_DAYS: an escalation or a challenge of the level of influence is answered
# within this many working days, else it is flagged overdue and reminded weekly.
INTAKE_REQUEST_WORKING_DAYS = env.int("INTAKE_REQUEST_WORKING_DAYS", default=10)
INTAKE_DECISION_TEAM_LEAD_MAX = env.int("INTAKE_DECISION_TEAM_LEAD_MAX", default=10_000)
INTAKE_DECISION_WETHOUDER_MAX = env.int("INTAKE_DECISION_WETHOUDER_MAX", default=50_000)
if min(INTAKE_TRIAGE_WORKING_DAYS, INTAKE_STEP_WORKING_DAYS, INTAKE_REQUEST_WORKING_DAYS) < 1:
    raise ImproperlyConfigured(
        "INTAKE_TRIAGE_WORKING_DAYS, INTAKE_STEP_WORKING_DAYS and INTAKE_REQUEST_WORKING_DAYS "
        "must be at least 1"
    )
if not 0 <= INTAKE_DECISION_TEAM_LEAD_MAX <= INTAKE_DECISION_WETHOUDER_MAX:
    raise ImproperlyConfigured(
        "INTAKE_DECISION_TEAM_LEAD_MAX must be from 0 to INTAKE_DECISION_WETHOUDER_MAX"
    )
# --- Orientation (issue 16): who the platform points to and what its accessibility statement says ---
# RESIDENT_HELP_NAME / RESIDENT_HELP_URL: where a resident who looks for care or help for themselves
# should go instead (the gemeente's wijkteams); shown on the home page and in the footer.
RESIDENT_HELP_NAME = env.str("RESIDENT_HELP_NAME", default="het wijkteam van de gemeente Rotterdam")
RESIDENT_HELP_URL = env.str("RESIDENT_HELP_URL", default="https://www.rotterdam.nl/wijkteam")
# PLATFORM_ORGANISATION: who runs the platform (named on /over/, as the feeds' author and in the
# accessibility statement). The facts of the accessibility statement (/toegankelijkheid/), after the
# model of the Dutch government (toegankelijkheidsverklaring.nl): ACCESSIBILITY_STATUS is the compliance
# status A to D (digitoegankelijk.nl); ACCESSIBILITY_DATE (YYYY-MM-DD) the date of the statement;
# ACCESSIBILITY_SIGNATORY the function of who signed it (empty: not signed yet);
# ACCESSIBILITY_CONTACT_EMAIL the direct address for problems (empty: the contact persons' page);
# ACCESSIBILITY_RESPONSE_DAYS the working days to an answer; ACCESSIBILITY_REGISTER_URL the statement
# in the government's register.
PLATFORM_ORGANISATION = env.str("PLATFORM_ORGANISATION", default="Gemeente Rotterdam")
ACCESSIBILITY_STATUS = env.str("ACCESSIBILITY_STATUS", default="C").upper()
if ACCESSIBILITY_STATUS not in ("A", "B", "C", "D"):
    raise ImproperlyConfigured("ACCESSIBILITY_STATUS must be A, B, C or D")
ACCESSIBILITY_DATE = datetime.date.fromisoformat(env.str("ACCESSIBILITY_DATE", default="2026-11-22"))
ACCESSIBILITY_SIGNATORY = env.str("ACCESSIBILITY_SIGNATORY", default="")
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default="")
ACCESSIBILITY_RESPONSE_DAYS = env.int("ACCESSIBILITY_RESPONSE_DAYS", default=5)
ACCESSIBILITY_REGISTER_URL = env.str(
    "ACCESSIBILITY_REGISTER_URL", default="https://www.toegankelijkheidsverklaring.nl/register"
)
# --- end of orientation settings ---
# How long personal data is kept, in days (stated in the privacy statement, /privacy/):
# RETENTION_READ_NOTIFICATIONS_DAYS: notifications that were read; RETENTION_NOTIFICATIONS_DAYS: every
# notification (and the record of which daily digest went out); RETENTION_AUDIT_DAYS: audit rows.
RETENTION_READ_NOTIFICATIONS_DAYS = env.int("RETENTION_READ_NOTIFICATIONS_DAYS", default=90)
RETENTION_NOTIFICATIONS_DAYS = env.int("RETENTION_NOTIFICATIONS_DAYS", default=365)
RETENTION_AUDIT_DAYS = env.int("RETENTION_AUDIT_DAYS", default=730)

# EMAIL_URL: e.g. smtp+tls://user:password@smtp.example.nl:587. Default: print to the console.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
globals().update(EMAIL_CONFIG)
# EMAIL_TIMEOUT: seconds to wait for the mail server before the attempt fails (and is retried).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# DEFAULT_FROM_EMAIL: sender of every mail the platform sends.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Reisgids zorg en welzijn <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_USER_MODEL = "reisgids.User"
# Django's and allauth's backends, with the signed-in user read from the cache (reisgids.accounts.backends).
AUTHENTICATION_BACKENDS = [
    "reisgids.accounts.backends.CachedModelBackend",
    "reisgids.accounts.backends.CachedAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "profile"

# django-allauth: email + password, verified email, login by email, rate limits on.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Reisgids] "
# The adapter sends allauth's mails through the outbox (after commit, retried while the mail server is
# down) and counts failed sign-ins in the database while Redis is down (reisgids.accounts.ratelimits).
ACCOUNT_ADAPTER = "reisgids.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# The client's address, for the rate limits above and everything else that needs it (allauth's
# get_adapter().get_client_ip(request)). Behind proxies of our own, the address they saw comes from:
# TRUSTED_CLIENT_IP_HEADER: a header the proxy sets to it (e.g. X-Real-IP); when unset,
# TRUSTED_PROXY_COUNT: the number of our proxies that append to X-Forwarded-For (1 behind the TLS proxy
# of the README); 0 (default): the header is ignored and the peer's address is the client's.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Reisgids zorg en welzijn"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False

# Municipal single sign-on (OpenID Connect), off by default. Set all of:
# OIDC_SERVER_URL (issuer, e.g. https://login.rotterdam.nl/realms/medewerkers),
# OIDC_CLIENT_ID, OIDC_CLIENT_SECRET; optional OIDC_NAME (button label).
OIDC_SERVER_URL = env.str("OIDC_SERVER_URL", default="")
if OIDC_SERVER_URL:
    INSTALLED_APPS.append("allauth.socialaccount.providers.openid_connect")
    SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "gemeente",
                    "name": env.str("OIDC_NAME", default="Inloggen met gemeente-account"),
                    "client_id": env.str("OIDC_CLIENT_ID"),
                    "secret": env.str("OIDC_CLIENT_SECRET"),
                    "settings": {"server_url": OIDC_SERVER_URL},
                }
            ],
            "OAUTH_PKCE_ENABLED": True,
        }
    }

# Wagtail
WAGTAIL_SITE_NAME = "Reisgids zorg en welzijn"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# Pages in Dutch and English (a page's English version is its translation, made in /beheer/; a page
# without one is shown in Dutch under /en/ too, see atlas.models.HomePage.route).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "dutch"}
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# Internationalisation: English message ids, Dutch catalogue; English under /en/ (reisgids.urls).
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# STATIC_ROOT: where collectstatic puts the static files for whitenoise (the image does it at build).
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Not compressed at build: what whitenoise skips anyway (images, fonts, archives ...) and source maps
# (``.map``, 10 of the 42 MB collected: the API docs' Swagger UI and ReDoc), which only a browser's
# developer tools fetch. Compressing them took about a third of collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# Files browsers ask for at the site's root (/favicon.ico), served by whitenoise as they are.
WHITENOISE_ROOT = BASE_DIR / "public"
# MEDIA_ROOT: where uploads (logos, images) are stored.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
# MEDIA_STORAGE: "local" (uploads in MEDIA_ROOT, the app serves the public ones at /media/, see
# reisgids/media.py) or "s3": S3-compatible object storage (django-storages), so several web nodes share
# the uploads; chosen too when AWS_STORAGE_BUCKET_NAME is set. Then: AWS_STORAGE_BUCKET_NAME,
# AWS_S3_ENDPOINT_URL (for a store other than Amazon's), AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (else boto3's own chain), AWS_S3_CUSTOM_DOMAIN (a CDN or public host name).
# Files are linked without signatures: make logos/, original_images/ and images/ publicly readable.
MEDIA_STORAGE = env.str(
    "MEDIA_STORAGE", default="s3" if env.str("AWS_STORAGE_BUCKET_NAME", default="") else "local"
)
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    # Documents keep going through Wagtail's view (with their collection's privacy), never a bucket link.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', not {MEDIA_STORAGE!r}.")
# PRIVATE_MEDIA_ROOT: files only certain people may see (attachments of the residency log), outside
# MEDIA_ROOT so no URL serves them; a view checks who asks (residence/storage.py). A shared volume when
# there are several web nodes.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
# RESIDENCE_ATTACHMENT_MAX_BYTES: the largest attachment of a residency log entry (default 10 MB).
RESIDENCE_ATTACHMENT_MAX_BYTES = env.int("RESIDENCE_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
# RESIDENCE_REMINDER_AFTER_DAYS: a concern open longer than this gets a weekly reminder to its owner.
RESIDENCE_REMINDER_AFTER_DAYS = env.int("RESIDENCE_REMINDER_AFTER_DAYS", default=14)
# Bounds on a request (a larger one is answered with 400, see reisgids.middleware.InputBoundsMiddleware):
# the whole body, files included; the body without files; the number of fields and of files. An
# upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE is written to a temporary file instead of memory.
REQUEST_BODY_MAX_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security headers. Behind a TLS-terminating proxy set SECURE_PROXY=true.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sessions in the database (never the cache): sign-in must survive a Redis outage. A session cookie
# holding a control character counts as no session (reisgids.sessions).
SESSION_ENGINE = "reisgids.sessions"
SESSION_COOKIE_HTTPONLY = True
if env.bool("SECURE_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)

# Content-Security-Policy (django-csp). No inline script or style without the nonce.
# The Wagtail admin ships its own inline scripts, so it is left out of this policy.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/beheer/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

PAGE_SIZE = 20
# Requests per minute per client address on /api/ (opendata.middleware: 429 with Retry-After).
API_RATE_LIMIT = (env.int("API_RATE_LIMIT", default=120), 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"django.server": DEFAULT_LOGGING["formatters"]["django.server"]},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": DEFAULT_LOGGING["handlers"]["django.server"],
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    # Django's "django" logger has a console handler of its own (with DEBUG on) and also propagates to
    # the root: every line twice. Its records go to the root's handler only; runserver's request lines
    # ("django.server") keep Django's own handler and format.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.server": DEFAULT_LOGGING["loggers"]["django.server"],
    },
}
