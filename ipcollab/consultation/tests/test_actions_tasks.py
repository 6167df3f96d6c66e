"""Reminders to the owner 7 days and 1 day before the due date, and one escalation per item and due
date to the current liaisons of the responsible agency and of the meeting's organiser once it is
overdue; the task run twice sends nothing twice."""

import datetime

from conftest import make_user
from ipcollab.consultation import actions
from ipcollab.consultation.access_matrix_actions import action_item
from ipcollab.consultation.tasks_actions import remind_action_items
from ipcollab.notifications.models import Notification
from ipcollab.orgs.models import LiaisonDesignation

D = datetime.date
DUE = D(2026, 12, 31)
SINCE = D(2026, 1, 1)


def _designate(agency, person, valid_from=SINCE, valid_to=None, role="primary"):
    return LiaisonDesignation.objects.create(
        agency=agency, person=person, role=role, phone="010-1234", email="l@example.cn", valid_from=valid_from, valid_to=valid_to
    )


def _reminders(item):
    return list(Notification.objects.filter(code="consultation.action.reminder", link__endswith=f"/actions/{item.pk}/").order_by("pk"))


def test_reminders_7_and_1_days_before_once_each(world):
    item = action_item(world, due_on=DUE)
    assert actions.send_action_reminders(on=DUE - datetime.timedelta(days=8)) == 0
    assert actions.send_action_reminders(on=DUE - datetime.timedelta(days=7)) == 1
    assert actions.send_action_reminders(on=DUE - datetime.timedelta(days=7)) == 0
    assert actions.send_action_reminders(on=DUE - datetime.timedelta(days=3)) == 0
    assert actions.send_action_reminders(on=DUE - datetime.timedelta(days=1)) == 1
    assert actions.send_action_reminders(on=DUE) == 0
    sent = _reminders(item)
    assert [n.recipient_id for n in sent] == [world.examiner.pk, world.examiner.pk]
    assert "7天后到期" in sent[0].title and "明天到期" in sent[1].title


def test_a_late_first_run_sends_the_tightest_reminder_only(world):
    item = action_item(world, due_on=DUE)
    assert actions.send_action_reminders(on=DUE) == 1
    assert "今天到期" in _reminders(item)[0].title


def test_an_extension_gets_its_own_reminders(world):
    item = action_item(world, due_on=DUE)
    actions.send_action_reminders(on=DUE - datetime.timedelta(days=1))
    actions.extend_action(actor=world.platform_admin, item=item, due_on=D(2027, 1, 31), reason="协调")
    assert actions.send_action_reminders(on=D(2027, 1, 30)) == 1
    assert len(_reminders(item)) == 2


def test_done_and_cancelled_items_are_not_reminded_or_escalated(world):
    done = action_item(world, due_on=DUE)
    actions.complete_action(actor=world.examiner, item=done, note="完成")
    cancelled = action_item(world, due_on=DUE, number="测纪要〔2026〕第2期")
    actions.cancel_action(actor=world.platform_admin, item=cancelled, reason="撤销")
    assert actions.send_action_reminders(on=DUE - datetime.timedelta(days=1)) == 0
    assert actions.send_action_reminders(on=DUE + datetime.timedelta(days=1)) == 0


def test_overdue_escalates_once_to_the_current_liaisons_of_both_agencies(world):
    item = action_item(world, due_on=DUE)
    office_liaison = make_user("t_office_liaison", world.office, ["liaison"])
    former = make_user("t_former_liaison", world.office, ["examiner"])
    _designate(world.office, office_liaison)
    _designate(world.office, former, valid_to=D(2026, 6, 30))
    # court A (the organiser) has no designation: its users with role liaison
    on = DUE + datetime.timedelta(days=1)
    sent = actions.send_action_reminders(on=on)
    escalated = Notification.objects.filter(code="consultation.action.overdue")
    assert sorted(escalated.values_list("recipient_id", flat=True)) == sorted([office_liaison.pk, world.liaison_a.pk])
    assert sent == 2
    # the task run twice, and the next days: nothing more
    assert remind_action_items.call() == 0
    assert actions.send_action_reminders(on=on) == 0
    assert actions.send_action_reminders(on=on + datetime.timedelta(days=5)) == 0
    # a liaison designated afterwards does not get a second escalation for the same due date
    _designate(world.office, make_user("t_new_liaison", world.office, ["liaison"]), valid_from=on, role="deputy")
    assert actions.send_action_reminders(on=on + datetime.timedelta(days=6)) == 0
    assert escalated.count() == 2
    assert all(f"/actions/{item.pk}/" in n.link for n in escalated)


def test_an_extended_overdue_item_escalates_again_for_its_new_due_date(world):
    item = action_item(world, due_on=DUE)
    actions.send_action_reminders(on=DUE + datetime.timedelta(days=1))
    first = Notification.objects.filter(code="consultation.action.overdue").count()
    actions.extend_action(actor=world.platform_admin, item=item, due_on=D(2027, 2, 28), reason="延期")
    actions.send_action_reminders(on=D(2027, 3, 1))
    assert Notification.objects.filter(code="consultation.action.overdue").count() == 2 * first
