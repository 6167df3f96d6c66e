"""Test profile: same as local, faster hashing, tasks run immediately, throttling relaxed."""

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min", "system": "100000/min"},
}
AXES_ENABLED = True

# Webhook receivers of the tests listen on 127.0.0.1 over plain http.
WEBHOOK_ALLOW_LOOPBACK_HTTP = True
from .base import MIDDLEWARE  # noqa: E402

# The live server of the browser tests serves static files itself (from STATICFILES_DIRS).
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
