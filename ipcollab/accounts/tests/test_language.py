import pytest
from django.conf import settings
from django.urls import reverse

from ipcollab.audit.models import AuditEvent


@pytest.mark.django_db
def test_chinese_by_default_even_for_an_english_browser(client):
    r = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert r["Content-Language"] == "zh-hans"
    assert 'lang="zh-CN"' in r.content.decode()


@pytest.mark.django_db
def test_cookie_choice_wins(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(reverse("accounts:login"))["Content-Language"] == "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "klingon"
    assert client.get(reverse("accounts:login"))["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_switch_is_remembered_on_the_account_and_audited(world, login):
    client = login(world.judge_a)
    r = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert r.status_code == 302
    world.judge_a.refresh_from_db()
    assert world.judge_a.preferred_language == "en"
    assert AuditEvent.objects.filter(action="accounts.language_changed", object_id=str(world.judge_a.pk)).exists()
    # a new session without the cookie still gets the account's choice
    client.cookies.clear()
    client.force_login(world.judge_a, backend="ipcollab.accounts.backends.AccountBackend")
    assert client.get(reverse("home:index"))["Content-Language"] == "en"


@pytest.mark.django_db
def test_switch_rejects_unknown_language_without_writing(world, login):
    client = login(world.judge_a)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    world.judge_a.refresh_from_db()
    assert world.judge_a.preferred_language == "zh-hans"
    assert client.get(reverse("set_language")).status_code == 405
