"""The concurrency tests run a real server (gunicorn) in other processes against the test
database, so on SQLite that database must be a file (pytest-django's default is in memory). These
tests run in their own pytest run (`-m concurrency`, see scripts/test.sh): the session's test
database is created here."""

import pytest


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("concurrency") / "test.sqlite3")


def pytest_collection_modifyitems(config, items):
    """In a run with other tests the test database is set up for them (in memory on SQLite): the
    concurrency tests are left out of such a run (reported as deselected)."""
    mine = [item for item in items if item.get_closest_marker("concurrency")]
    if mine and len(mine) < len(items):
        config.hook.pytest_deselected(items=mine)
        items[:] = [item for item in items if not item.get_closest_marker("concurrency")]
