"""The scheduled reminders: an assigned case not accepted by the end of its working day (the
deadline engine's calendar: Spring Festival, adjusted working days), and the mediation period
running out — each once, whatever the number of runs."""

import datetime
import zoneinfo

import pytest
from django.conf import settings

from ipcollab.mediation import services, tasks
from ipcollab.mediation.models import LogEntry, Mediation
from ipcollab.notifications.models import Notification

from .workflow_setup import D, active, build, in_suit, pre_suit

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def s(world):
    return build(world)


def _assigned_at(m, day, hour=10):
    Mediation.objects.filter(pk=m.pk).update(assigned_at=datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ))


def _reminders(user, code="mediation.not_accepted"):
    return Notification.objects.filter(recipient=user, code=code).count()


def test_not_accepted_by_the_end_of_the_working_day(s):
    m = services.assign(actor=s.bj_liaison, mediation=pre_suit(s), mediator=s.m1)
    _assigned_at(m, D(2026, 2, 13))  # a Friday
    assert services.remind_unaccepted(today=D(2026, 2, 13)) == 0  # the day is not over
    assert services.remind_unaccepted(today=D(2026, 2, 14)) == 1
    assert services.remind_unaccepted(today=D(2026, 2, 14)) == 0  # once per case and day
    assert _reminders(s.bj_liaison) == 1
    assert services.remind_unaccepted(today=D(2026, 2, 15)) == 1  # the next day again
    assert _reminders(s.bj_liaison) == 2
    assert LogEntry.objects.filter(mediation=m, kind="reminder").count() == 2
    assert _reminders(s.med1) == 0  # the liaison is told; they can reassign
    services.accept(actor=s.med1, mediation=m, accepted_on=D(2026, 2, 16))
    assert services.remind_unaccepted(today=D(2026, 2, 17)) == 0


def test_assigned_during_spring_festival_counts_from_the_next_working_day(s):
    m = services.assign(actor=s.bj_liaison, mediation=pre_suit(s), mediator=s.m1)
    _assigned_at(m, D(2026, 2, 15))  # Spring Festival holiday (02-15 to 02-23)
    assert services.remind_unaccepted(today=D(2026, 2, 20)) == 0
    assert services.remind_unaccepted(today=D(2026, 2, 24)) == 0  # first working day after the holiday
    assert services.remind_unaccepted(today=D(2026, 2, 25)) == 1


def test_without_a_liaison_the_organisations_admins_are_told(s):
    services.update_organisation(actor=s.bj_admin, organisation=s.org, liaison=None)
    s.org.refresh_from_db()
    m = services.assign(actor=s.bj_admin, mediation=pre_suit(s), mediator=s.m1)
    _assigned_at(m, D(2026, 3, 2))
    assert services.remind_unaccepted(today=D(2026, 3, 3)) == 1
    assert _reminders(s.bj_admin) == 1


def test_unpublished_year_is_not_reminded(s):
    m = services.assign(actor=s.bj_liaison, mediation=pre_suit(s), mediator=s.m1)
    _assigned_at(m, D(2030, 3, 4))  # no holiday calendar for 2030: no working day can be named
    assert services.remind_unaccepted(today=D(2030, 3, 6)) == 0


def test_period_reminders_before_and_after_the_due_date(s):
    m = active(s, pre_suit(s), accepted_on=D(2026, 3, 3))
    assert m.due_on == D(2026, 4, 2)
    assert services.remind_periods(today=D(2026, 3, 27)) == 0  # 6 days left
    assert services.remind_periods(today=D(2026, 3, 28)) == 1  # 5 days left: the mediator
    assert services.remind_periods(today=D(2026, 3, 30)) == 0
    assert _reminders(s.med1, "mediation.due_soon") == 1
    assert services.remind_periods(today=D(2026, 4, 2)) == 0  # the last day still runs
    assert services.remind_periods(today=D(2026, 4, 3)) == 1  # overdue: liaison and court
    assert services.remind_periods(today=D(2026, 4, 4)) == 0
    assert _reminders(s.bj_liaison, "mediation.overdue") == 1
    assert _reminders(s.judge, "mediation.overdue") == 1
    # an extension gives a new due date, reminded anew
    services.extend(actor=s.med1, mediation=m, days=10, reason="双方当事人同意延长")
    assert services.remind_periods(today=D(2026, 4, 10)) == 1
    assert _reminders(s.med1, "mediation.due_soon") == 2


def test_in_suit_overdue_tells_the_cases_judge_and_clerk(s):
    active(s, in_suit(s), accepted_on=D(2026, 3, 3))  # due 03-18
    assert services.remind_periods(today=D(2026, 3, 19)) == 1
    assert _reminders(s.judge, "mediation.overdue") == 1 and _reminders(s.clerk, "mediation.overdue") == 1


def test_tasks_are_scheduled_and_run(s):
    assert {"task": "ipcollab.mediation.tasks.remind_unaccepted_mediations", "every": 3600} in settings.RECURRING_TASKS
    assert {"task": "ipcollab.mediation.tasks.remind_mediation_periods", "every": 6 * 3600} in settings.RECURRING_TASKS
    assert tasks.remind_unaccepted_mediations.call() == 0
    assert tasks.remind_mediation_periods.call() == 0
