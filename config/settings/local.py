"""The embedded profile of `make run`: SQLite, one web process, one task worker."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
