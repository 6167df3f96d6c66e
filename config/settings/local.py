"""The embedded profile of `make run`: SQLite, one web process, one task worker."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)

# Mail of the embedded run goes to files under var/mail (one per message), not the terminal,
# so the URL and the demo logins stay on screen.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"  # noqa: F405

# A webhook receiver on this machine may use plain http (127.0.0.1/localhost only).
WEBHOOK_ALLOW_LOOPBACK_HTTP = env_bool("WEBHOOK_ALLOW_LOOPBACK_HTTP", True)
