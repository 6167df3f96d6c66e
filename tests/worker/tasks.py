"""A task for the scheduler tests: counts its runs in the cache."""

from django.core.cache import cache
from django_tasks import task


@task()
def count_sweep():
    cache.set("count_sweep", cache.get("count_sweep", 0) + 1)
    return "swept"
