import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from conftest import make_user
from ipcollab.notifications.models import Notification
from ipcollab.orgs.tasks import dedupe_key, remind_missing_liaisons, run_reminder

pytestmark = pytest.mark.django_db


def test_reminder_notifies_admins_of_agencies_without_primary_once_per_week(world, designate):
    make_user("t_admin_a2", world.court_a, ["agency_admin"])
    make_user("t_admin_a_gone", world.court_a, ["agency_admin"], is_active=False)
    designate(world.judge_b, actor=world.platform_admin)  # court B has a primary
    monday = datetime.date(2026, 11, 23)
    assert run_reminder(today=monday) == 2  # the two active admins of court A only
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"t_admin_a", "t_admin_a2"}
    note = Notification.objects.get(recipient=world.admin_a)
    assert note.dedupe_key == f"orgs.missing_liaison:{world.court_a.pk}:2026-W48" and "/orgs/agencies/" in note.link
    # the same ISO week: nothing new; the next week: again
    assert run_reminder(today=monday + datetime.timedelta(days=6)) == 0
    assert run_reminder(today=monday + datetime.timedelta(days=7)) == 2
    assert Notification.objects.count() == 4


def test_reminder_stops_once_a_primary_is_designated(world, designate):
    designate(world.liaison_a)
    assert run_reminder(today=datetime.date(2026, 11, 23)) == 1  # court B's admin only
    assert not Notification.objects.filter(recipient=world.admin_a).exists()


def test_task_and_command_are_idempotent(world):
    result = remind_missing_liaisons.enqueue()
    assert result.return_value == 2  # the admins of court A and court B
    assert remind_missing_liaisons.enqueue().return_value == 0
    out = StringIO()
    call_command("remind_missing_liaisons", "--now", stdout=out)
    assert "notifications created: 0" in out.getvalue()
    call_command("remind_missing_liaisons", stdout=out)
    assert Notification.objects.filter(recipient=world.admin_a).count() == 1


def test_dedupe_key_uses_iso_week():
    assert dedupe_key(7, datetime.date(2027, 1, 1)) == "orgs.missing_liaison:7:2026-W53"
