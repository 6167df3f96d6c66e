import pytest
from django.core.cache import cache

from ipcollab.core.api import throttling


@pytest.fixture
def tight_quotas(monkeypatch):
    rates = {"anon": "2/min", "user": "3/min", "system": "5/min"}
    for cls in (throttling.AnonQuota, throttling.UserQuota, throttling.SystemQuota):
        monkeypatch.setattr(cls, "THROTTLE_RATES", rates)
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_anonymous_quota_answers_429_with_retry_after(client, tight_quotas):
    codes = [client.get("/api/v1/quotas/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    r = client.get("/api/v1/quotas/")
    assert r.json()["error"]["code"] == "throttled" and int(r["Retry-After"]) > 0


@pytest.mark.django_db
def test_people_and_systems_have_separate_quotas(world, login, tight_quotas):
    client = login(world.admin_a)
    codes = [client.get("/api/v1/audit-events/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
