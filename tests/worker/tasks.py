"""A task for the scheduler tests: counts its runs in the cache."""

from django.core.cache import cache
from django_tasks import task


@task()
def count_sweep():
    cache.set("count_sweep", cache.get("count_sweep", 0) + 1)
    return "swept"


@task()
def flaky_sweep():
    """Fails on its first call, succeeds afterwards (counts calls in the cache)."""
    calls = cache.get("flaky_sweep", 0) + 1
    cache.set("flaky_sweep", calls)
    if calls == 1:
        raise RuntimeError("first run fails")
    return calls
