import pytest
from django.core import mail
from django.urls import reverse

from ipcollab.audit.models import AuditEvent
from ipcollab.notifications import services
from ipcollab.notifications.models import Notification


@pytest.mark.django_db
def test_notify_is_idempotent_per_dedupe_key_and_mails_once(world, django_capture_on_commit_callbacks):
    world.admin_a.email = "admin@a.example.cn"
    world.admin_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notify(recipient=world.admin_a, code="x", title="请指定联络人", dedupe_key="k1")
        again = services.notify(recipient=world.admin_a, code="x", title="请指定联络人", dedupe_key="k1")
    assert first is not None and again is None
    assert Notification.objects.filter(recipient=world.admin_a).count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_list_shows_only_own_and_read_marks(world, login):
    mine = services.notify(recipient=world.judge_a, code="x", title="我的通知", dedupe_key="a", link="/notifications/", email=False)
    services.notify(recipient=world.judge_b, code="x", title="别人的通知", dedupe_key="b", email=False)
    client = login(world.judge_a)
    body = client.get(reverse("notifications:list")).content.decode()
    assert "我的通知" in body and "别人的通知" not in body
    r = client.post(reverse("notifications:read", args=[mine.pk]))
    assert r.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert AuditEvent.objects.filter(action="notifications.read", object_id=str(mine.pk)).exists()


@pytest.mark.django_db
def test_someone_elses_notification_is_404(world, login):
    other = services.notify(recipient=world.judge_b, code="x", title="别人的通知", dedupe_key="b", email=False)
    client = login(world.judge_a)
    assert client.post(reverse("notifications:read", args=[other.pk])).status_code == 404
    assert client.get(reverse("notifications:read", args=[other.pk])).status_code == 405


@pytest.mark.django_db
def test_read_all_and_home_attention(world, login):
    for i in range(3):
        services.notify(recipient=world.judge_a, code="x", title=f"通知{i}", dedupe_key=str(i), email=False)
    client = login(world.judge_a)
    home = client.get(reverse("home:index")).content.decode()
    assert "3 条未读通知" in home
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=world.judge_a, read_at__isnull=True).exists()
    assert "未读通知" not in client.get(reverse("home:index")).content.decode()
