"""Settings shared by every profile. Profiles (local, test, production) only override."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-dev-key-change-me-in-production-0123456789")
DEBUG = False
ALLOWED_HOSTS = [h for h in env("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # our apps, lowest layer first
    "ipcollab.core",
    "ipcollab.search",
    "ipcollab.audit",
    "ipcollab.orgs",
    "ipcollab.accounts",
    "ipcollab.access",
    "ipcollab.deadlines",
    "ipcollab.events",
    "ipcollab.notifications",
    "ipcollab.rulebook",
    "ipcollab.registry",
    "ipcollab.preservation",
    "ipcollab.proceedings",
    "ipcollab.mediation",
    "ipcollab.adjudication",
    "ipcollab.consultation",
    "ipcollab.alerts",
    "ipcollab.home",
    "ipcollab.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ipcollab.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ipcollab.core.middleware.ChineseFirstLocaleMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ipcollab.accounts.middleware.RequireOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "ipcollab.core.middleware.IdempotencyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "ipcollab.home.context_processors.navigation",
                "ipcollab.notifications.context_processors.unread_notifications",
            ],
        },
    }
]

DATABASE_URL = env("DATABASE_URL", "")


def database_from_url(url):
    """sqlite:///path or postgres://user:pass@host:port/name (no extra dependency)."""
    from urllib.parse import unquote, urlparse

    if not url or url.startswith("sqlite"):
        path = url.split("sqlite:///", 1)[1] if url.startswith("sqlite:///") else str(BASE_DIR / "var" / "ipcollab.sqlite3")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    parsed = urlparse(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parsed.path.lstrip("/"),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": int(env("DB_CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
    }


DATABASES = {"default": database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "ipcollab.accounts.backends.AccountBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "ipcollab.accounts.passwords.CharacterClassValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: short-lived, HTTP-only, same-site; production adds Secure.
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Login throttling (django-axes): lock an account+IP pair after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ipcollab.accounts.views.lockout"
AXES_VERBOSE = False

# Content Security Policy: everything from our own origin, nothing inline.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# TOTP second factor: required for admins when this is True (production turns it on).
OTP_REQUIRED_FOR_ADMINS = env_bool("OTP_REQUIRED_FOR_ADMINS", False)
OTP_TOTP_ISSUER = "IP Collab 知识产权协同保护平台"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "ipcollab_language"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
# Front-end packages come from npm at set-up (package.json); only their dist folders are served.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
# Bulk exchange of rights (docs/registry.md): the largest upload taken by the UI / API (the
# command line has no limit) and the most rows of an XLSX export (CSV / JSONL stream without one).
IMPORT_MAX_FILE_BYTES = int(env("IMPORT_MAX_FILE_BYTES", str(2 * 1024**3)))
EXPORT_MAX_XLSX_ROWS = int(env("EXPORT_MAX_XLSX_ROWS", "200000"))

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ipcollab"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Recurring sweeps run by `manage.py run_worker` from the schedule table (docs/events.md). Every sweep is idempotent.
RECURRING_TASKS = [
    # Reminds agency admins when their agency has no current primary liaison (once per ISO week).
    {"task": "ipcollab.orgs.tasks.remind_missing_liaisons", "every": 24 * 3600},
    # Delivers domain events (retries included) when the enqueue at commit was lost or a retry is due.
    {"task": "ipcollab.events.tasks.dispatch_events", "every": 60},
    # Lapses the freezes whose period ended and promotes their waiting lists (idempotent).
    {"task": "ipcollab.preservation.tasks.sweep_freezes", "every": 3600},
    # Reminds the holding courts 30, 7 and 1 days before a freeze ends (once per threshold and end date).
    {"task": "ipcollab.preservation.tasks.remind_expiring_freezes", "every": 24 * 3600},
    # Checks the proceedings created since each saved search's cursor (alerts nothing twice).
    {"task": "ipcollab.alerts.tasks.catch_up_watches", "every": 900},
    # Links the rights that proceedings named before the register had them (a patent imported after its suits).
    {"task": "ipcollab.proceedings.tasks.link_awaited_rights", "every": 3600},
    # Reminds offices and courts before each adjudication / enforcement deadline; escalates once when overdue.
    {"task": "ipcollab.adjudication.tasks.remind_adjudication_deadlines", "every": 24 * 3600},
    # Reminds mediation organisations' liaisons of assigned cases not accepted by the end of the working day (once per case and day).
    {"task": "ipcollab.mediation.tasks.remind_unaccepted_mediations", "every": 3600},
    # Reminds mediators 5 days before the mediation period ends, and the liaison and the court once it has (once per due date).
    {"task": "ipcollab.mediation.tasks.remind_mediation_periods", "every": 6 * 3600},
    # Reminds the courts of judicial-confirmation applications to accept and to rule on (idempotent).
    {"task": "ipcollab.mediation.tasks_agreements.remind_confirmation_deadlines", "every": 24 * 3600},
    # Reminds action-item owners 7 and 1 days before the due date; escalates once to the liaisons when overdue (consultation).
    {"task": "ipcollab.consultation.tasks_actions.remind_action_items", "every": 6 * 3600},
    # Closes comment rounds past their deadline day; reminds silent invitees once, 3 days before the deadline (consultation).
    {"task": "ipcollab.consultation.tasks_rounds.sweep_comment_rounds", "every": 6 * 3600},
]

# Webhooks: https only; plain http to 127.0.0.1/localhost only where this is true (tests, local run).
WEBHOOK_ALLOW_LOOPBACK_HTTP = env_bool("WEBHOOK_ALLOW_LOOPBACK_HTTP", False)
# Delivery retries: seconds to wait after attempt 1, 2, …; the last value repeats. Then give up.
EVENTS_DELIVERY_BACKOFF = [60, 300, 1800, 7200, 43200]
EVENTS_DELIVERY_MAX_ATTEMPTS = 6

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "noreply@ipcollab.example.cn"

# Audit: hash function for new events ("sha256" or "sm3").
AUDIT_HASH_ALGORITHM = env("AUDIT_HASH_ALGORITHM", "sha256")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ipcollab.accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "ipcollab.core.api.pagination.StableCursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "ipcollab.core.api.errors.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "ipcollab.core.api.throttling.AnonQuota",
        "ipcollab.core.api.throttling.UserQuota",
        "ipcollab.core.api.throttling.SystemQuota",
    ],
    # Published quotas (GET /api/v1/quotas/ and docs/api.md); change both together.
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "600/min", "system": "3000/min"},
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "IP Collab API 知识产权协同保护平台接口",
    "DESCRIPTION": 'Agency-system and browser API of IP Collab. Errors use one envelope {"error": {"code", "message", "fields"}}; see docs/api.md.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Two "kind" enums (agency kinds, account kinds): name them so the schema is stable.
    "ENUM_NAME_OVERRIDES": {
        "AgencyKindEnum": "ipcollab.orgs.models.AgencyKind",
        "AccountKindEnum": "ipcollab.accounts.models.AccountKind",
        "PartyKindEnum": "ipcollab.registry.models.PartyKind",
        "RepresentativeKindEnum": "ipcollab.registry.models.RepresentativeKind",
        "PowerOfAttorneyScopeEnum": "ipcollab.registry.models.Scope",
        "RightKindEnum": "ipcollab.registry.models.RightKind",
        "RightRoleEnum": "ipcollab.registry.models.RightRole",
        "RoleEnum": "ipcollab.orgs.models.LiaisonRole",
        "ImportSourceEnum": "ipcollab.registry.imports.IMPORT_SOURCE_VALUES",
        "SourceEnum": "ipcollab.registry.models.Source",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"ipcollab": {"level": "INFO"}},
}

PERSONAL_DATA_ROLES = ["platform_admin", "agency_admin"]

# The freeze register (docs/preservation.md): the address printed in the documents' footers for
# verification (default: the host of the request that generated them), and the largest attachment.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", "")
FREEZE_ATTACHMENT_MAX_BYTES = int(env("FREEZE_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
