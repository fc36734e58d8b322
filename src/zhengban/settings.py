"""Settings from environment variables, with safe defaults for the embedded demo.

Every ZHENGBAN_* variable is documented in docs/operations.md.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("ZHENGBAN_HOME", Path.cwd())).resolve()
VAR_DIR = Path(os.environ.get("ZHENGBAN_VAR_DIR", BASE_DIR / "var")).resolve()


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("ZHENGBAN_DEBUG", False)
# The fallback key is only for the embedded demo and tests; `zhengban check --deploy` flags it.
SECRET_KEY = os.environ.get("ZHENGBAN_SECRET_KEY", "django-insecure-zhengban-demo-key-set-ZHENGBAN_SECRET_KEY")
ALLOWED_HOSTS = env_list("ZHENGBAN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("ZHENGBAN_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "zhengban.core",
    "zhengban.audit",
    "zhengban.attachments",
    "zhengban.deadlines",
    "zhengban.numbering",
    "zhengban.engine",
    "zhengban.memos",
    "zhengban.notifications",
    "zhengban.routing",
    "zhengban.search",
    "zhengban.documents",
    "zhengban.seals",
    "zhengban.archive",
    "zhengban.supervision",
    "zhengban.meetings",
    "zhengban.petitions",
    "zhengban.suggestions",
    "zhengban.web",
    "zhengban.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhengban.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zhengban.web.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhengban.urls"
WSGI_APPLICATION = "zhengban.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhengban.engine.context_processors.inbox_counts",
            ],
        },
    },
]

DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'zhengban.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("ZHENGBAN_DATABASE_URL", DEFAULT_SQLITE),
        conn_max_age=int(os.environ.get("ZHENGBAN_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so that
    # two writers queue instead of failing with "database is locked" halfway through.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("ZHENGBAN_TEST_SQLITE")}
else:
    # Django's backend, plus writes held back to travel with the next statement (core.postgresql).
    DATABASES["default"]["ENGINE"] = "zhengban.core.postgresql"
    # The engine's hot statements (core.rows) use server-side binding and are prepared on their
    # fifth use per connection; Django's own queries keep client-side binding, which never prepares.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.Person"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "zhengban.core.auth.DelegationAwareBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login lockout: after ZHENGBAN_LOGIN_FAILURES failures a username is locked for the cool-off time.
AXES_FAILURE_LIMIT = int(os.environ.get("ZHENGBAN_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("ZHENGBAN_LOGIN_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]  # lockout is per username on purpose: a shared office NAT must not lock everyone
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = int(os.environ.get("ZHENGBAN_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Behind a TLS-terminating proxy in production set ZHENGBAN_HTTPS=true; the embedded demo serves plain HTTP.
if env_bool("ZHENGBAN_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("ZHENGBAN_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("ZHENGBAN_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a browser-wide commitment for the whole registered domain and every subdomain,
        # which the office's own host (e.g. zhengban.<city>.gov.cn) cannot make; it stays opt-in.
        SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = os.environ.get("ZHENGBAN_LANGUAGE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("ZHENGBAN_TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Attachments: content-addressed blobs. ZHENGBAN_ATTACHMENT_STORAGE=s3 switches to S3-style storage.
ATTACHMENT_ROOT = Path(os.environ.get("ZHENGBAN_ATTACHMENT_ROOT", VAR_DIR / "attachments"))
ATTACHMENT_MAX_BYTES = int(os.environ.get("ZHENGBAN_ATTACHMENT_MAX_BYTES", str(50 * 1024 * 1024)))
ATTACHMENT_STORAGE = os.environ.get("ZHENGBAN_ATTACHMENT_STORAGE", "filesystem")
ATTACHMENT_S3 = {
    "bucket_name": os.environ.get("ZHENGBAN_S3_BUCKET", ""),
    "endpoint_url": os.environ.get("ZHENGBAN_S3_ENDPOINT", ""),
    "access_key": os.environ.get("ZHENGBAN_S3_ACCESS_KEY", ""),
    "secret_key": os.environ.get("ZHENGBAN_S3_SECRET_KEY", ""),
    "region_name": os.environ.get("ZHENGBAN_S3_REGION", ""),
}

EMAIL_BACKEND = os.environ.get("ZHENGBAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("ZHENGBAN_FROM_EMAIL", "zhengban@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "zhengban.api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "zhengban API",
    "DESCRIPTION": "The working system of a municipal People's Government Office (政办).",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several modules have a "kind" or "category" of their own: each choice set gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "zhengban.core.models.UnitKind",
        "QuotaCategoryEnum": "zhengban.core.models.QuotaCategory",
        "TaskKindEnum": "zhengban.engine.models.TaskKind",
        "OrganizationKindEnum": "zhengban.documents.models.OrganizationKind",
        "SealKindEnum": "zhengban.seals.models.SealKind",
        "DispositionKindEnum": "zhengban.archive.models.DispositionKind",
        "PetitionCategoryEnum": "zhengban.petitions.models.Category",
        "SessionKindEnum": "zhengban.suggestions.models.Kind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZHENGBAN_LOG_LEVEL", "WARNING")},
}

# --- Notifications and the background worker (zhengban.notifications) -------------------------
# SMS goes through the class at this dotted path (a zhengban.notifications.sms.SmsGateway); the
# default only writes the message to the log. Links in emails start with ZHENGBAN_SITE_URL.
# Reminders go out this many working days before a task's due time, and again on the due day.
ZHENGBAN_SMS_GATEWAY = os.environ.get("ZHENGBAN_SMS_GATEWAY", "zhengban.notifications.sms.LogSmsGateway")
ZHENGBAN_SITE_URL = os.environ.get("ZHENGBAN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# "worker": an action writes one outbox row and the worker delivers it to the listeners (notifications
# of opened tasks, the search index) within about a second. "inline": they run in the acting process
# right after the commit (the test suite; a deployment without a worker).
ZHENGBAN_LISTENERS = os.environ.get("ZHENGBAN_LISTENERS", "worker")
if ZHENGBAN_LISTENERS not in ("worker", "inline"):
    raise ImproperlyConfigured(f"ZHENGBAN_LISTENERS must be worker or inline, not {ZHENGBAN_LISTENERS!r}")
ZHENGBAN_REMINDER_WORKING_DAYS = int(os.environ.get("ZHENGBAN_REMINDER_WORKING_DAYS", "1"))

# --- Document layout fonts (zhengban.documents.layout) -----------------------------------------
# GB/T 9704-2012 asks for 仿宋_GB2312 (body), 方正小标宋 (issuer mark, title), 黑体 and 楷体_GB2312
# (headings) and 宋体 (page numbers). Each setting is a font file path; "#n" picks face n of a
# collection (.ttc). A deployment with licensed fonts points these at its own files. The defaults
# are the nearest free faces from Debian packages fonts-noto-cjk, fonts-lxgw-wenkai and
# fonts-arphic-gkai00mp (Debian has no free simplified FangSong; LXGW WenKai Light stands in).
_NOTO = "/usr/share/fonts/opentype/noto"
ZHENGBAN_FONT_FANGSONG = os.environ.get(
    "ZHENGBAN_FONT_FANGSONG", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Light.ttf"
)
ZHENGBAN_FONT_XIAOBIAOSONG = os.environ.get("ZHENGBAN_FONT_XIAOBIAOSONG", f"{_NOTO}/NotoSerifCJK-Bold.ttc#2")
ZHENGBAN_FONT_HEITI = os.environ.get("ZHENGBAN_FONT_HEITI", f"{_NOTO}/NotoSansCJK-Regular.ttc#2")
ZHENGBAN_FONT_KAITI = os.environ.get(
    "ZHENGBAN_FONT_KAITI", "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf"
)
ZHENGBAN_FONT_SONGTI = os.environ.get("ZHENGBAN_FONT_SONGTI", f"{_NOTO}/NotoSerifCJK-Regular.ttc#2")
