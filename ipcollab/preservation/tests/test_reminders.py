"""Expiry reminders: the pure rule (which threshold is due) and the daily run — 30, 7 and 1 days
before the end, each once, again after a renewal for the new end date, catching up a missed one."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from conftest import make_agency, make_user
from ipcollab.notifications.models import Notification
from ipcollab.preservation import delivery, services, tasks
from ipcollab.preservation.models import ExpiryReminder
from ipcollab.preservation.reminders import THRESHOLDS, due_threshold
from ipcollab.registry import services as register
from ipcollab.registry.models import Party

D = datetime.date
END = D(2026, 7, 9)


def days(n):
    return datetime.timedelta(days=n)


# --- the pure rule ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("left", "sent", "due"),
    [
        (45, (), None),
        (31, (), None),
        (30, (), 30),
        (29, (), 30),  # missed yesterday's run: caught up
        (29, (30,), None),
        (8, (30,), None),
        (7, (30,), 7),
        (7, (), 7),  # down past 30 and 7: only the nearest goes out
        (5, (7,), None),
        (1, (30, 7), 1),
        (0, (30, 7), 1),  # the last day: still running
        (0, (30, 7, 1), None),
        (-1, (), None),  # past the end: the sweep lapses it
    ],
)
def test_due_threshold(left, sent, due):
    assert due_threshold(END - days(left), END, sent) == due


def test_due_threshold_without_an_end_date():
    assert due_threshold(END, None) is None


def test_each_threshold_once_over_every_day_of_a_period():
    sent = []
    for offset in range(60, -3, -1):
        t = due_threshold(END - days(offset), END, sent)
        if t is not None:
            sent.append(t)
    assert sent == list(THRESHOLDS)


def test_a_run_every_few_days_still_reminds_once_per_reached_threshold():
    sent = []
    for offset in range(60, -3, -9):  # a run every 9 days: 60, 51, … 6, -3
        t = due_threshold(END - days(offset), END, sent)
        if t is not None:
            sent.append(t)
    assert sent == [30, 7]


# --- the daily run ------------------------------------------------------------------------------------
@pytest.fixture
def order(world):
    owner = register.party_create(actor=world.examiner, kind="organization", name="提醒测试科技有限公司")
    right = register.right_create(
        actor=world.examiner, kind="patent", number="201810557067.3", title="一种提醒测试方法", filing_date=D(2018, 6, 1), parties=[(owner, "applicant")]
    )
    register.record_event(world.examiner, right, "granted", D(2020, 1, 1))
    clerk = make_user("t_clerk_a2", world.court_a, ["clerk"], full_name="甲院书记员")
    return services.submit_order(
        actor=clerk,
        right=right,
        case_number="(2026)京民初9号",
        party=Party.objects.get(name="提醒测试科技有限公司"),
        period_amount=2,
        period_unit="months",
        signing_judge=world.judge_a,
    )


def reminders_of(user):
    return list(Notification.objects.filter(recipient=user, code="preservation.expiring").order_by("pk"))


def test_reminders_at_30_7_and_1_days_exactly_once(world, order):
    clerk = order.created_by
    end = order.ends_on
    for offset in range(40, -1, -1):
        today = end - days(offset)
        delivery.send_reminders(today)
        delivery.send_reminders(today)  # a second run the same day adds nothing
    for person in (clerk, world.judge_a):
        got = reminders_of(person)
        assert [n.dedupe_key for n in got] == [f"preservation.expiring:{order.pk}:{end.isoformat()}:{t}" for t in (30, 7, 1)]
        assert "30" in got[0].title and end.isoformat() in got[0].body and got[0].link == f"/preservation/orders/{order.pk}/"
        assert "今日" not in got[2].title
    assert list(ExpiryReminder.objects.filter(order=order).order_by("-threshold").values_list("threshold", "notified")) == [(30, 2), (7, 2), (1, 2)]
    assert reminders_of(world.judge_b) == [] and reminders_of(world.handler) == []


def test_renewal_restarts_the_reminders_for_the_new_end(world, order):
    first_end = order.ends_on
    assert delivery.send_reminders(first_end - days(20)) == 1
    renewed = services.renew_order(actor=world.judge_a, order=order, period_amount=1, period_unit="months")
    assert renewed.ends_on > first_end
    assert delivery.send_reminders(first_end - days(19)) == 0  # the new end is more than 30 days away
    assert delivery.send_reminders(renewed.ends_on - days(30)) == 1
    assert delivery.send_reminders(renewed.ends_on - days(30)) == 0
    keys = [n.dedupe_key for n in reminders_of(world.judge_a)]
    assert keys == [f"preservation.expiring:{order.pk}:{first_end.isoformat()}:30", f"preservation.expiring:{order.pk}:{renewed.ends_on.isoformat()}:30"]


def test_catch_up_after_the_worker_was_down(world, order):
    end = order.ends_on
    assert delivery.send_reminders(end - days(5)) == 1  # down from 40 days before to 5: the 7-day one, once
    assert delivery.send_reminders(end - days(4)) == 0
    assert delivery.send_reminders(end) == 1  # the 1-day one missed: sent on the last day
    assert [n.dedupe_key.rsplit(":", 1)[1] for n in reminders_of(world.judge_a)] == ["7", "1"]
    assert reminders_of(world.judge_a)[-1].title.startswith("冻结今日届满")
    assert delivery.send_reminders(end + days(1)) == 0  # ended: nothing more (the sweep lapses it)


def test_no_reminder_for_a_waiting_or_released_order(world, order):
    services.release_order(actor=world.judge_a, order=order)
    assert delivery.send_reminders(order.ends_on - days(7)) == 0
    assert not ExpiryReminder.objects.exists()


def test_after_succession_the_successor_is_reminded(world, order):
    court_c = make_agency("t-court-c", "测试中级人民法院", "court", "municipal")
    admin_c = make_user("t_admin_c", court_c, ["agency_admin"], full_name="丙院管理员")
    judge_c = make_user("t_judge_c", court_c, ["judge"], full_name="丙院法官")
    order = services.convert_order(actor=world.judge_a, order=order, successor=court_c)
    assert delivery.send_reminders(order.ends_on - days(30)) == 1
    assert len(reminders_of(admin_c)) == 1 and reminders_of(judge_c) == []  # nobody at C acted yet
    assert reminders_of(world.judge_a) == []  # court A no longer holds it
    services.renew_order(actor=judge_c, order=order, period_amount=1, period_unit="months")
    order.refresh_from_db()
    assert delivery.send_reminders(order.ends_on - days(7)) == 1
    assert len(reminders_of(judge_c)) == 1 and len(reminders_of(admin_c)) == 1


def test_the_daily_task_is_scheduled_and_runs(world, order):
    assert {"task": "ipcollab.preservation.tasks.remind_expiring_freezes", "every": 24 * 3600} in settings.RECURRING_TASKS
    assert tasks.remind_expiring_freezes.call() == 0  # two months away
    type(order).objects.filter(pk=order.pk).update(ends_on=timezone.localdate() + days(7))
    assert tasks.remind_expiring_freezes.call() == 1
    assert tasks.remind_expiring_freezes.call() == 0
    assert [n.dedupe_key.rsplit(":", 1)[1] for n in reminders_of(world.judge_a)] == ["7"]
