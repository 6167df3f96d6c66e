"""The default calendar from the database: seeding, compute_deadline, cache invalidation, and
the audited calendar services."""

import datetime

import pytest
from chinese_calendar import constants

from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError
from ipcollab.deadlines import DeadlineError, calendar_store, compute_deadline, services
from ipcollab.deadlines.models import CalendarDay, CalendarYear

D = datetime.date
pytestmark = pytest.mark.django_db


def test_the_public_interface_is_exactly_two_names():
    import ipcollab.deadlines as module

    assert module.__all__ == ["DeadlineError", "compute_deadline"]
    assert issubclass(DeadlineError, ValueError)


def test_seeded_from_the_package_through_its_last_year():
    last = max(d.year for d in constants.holidays)
    first = min(d.year for d in constants.holidays)
    assert CalendarDay.objects.count() == len(constants.holidays) + len(constants.workdays)
    assert list(CalendarYear.objects.filter(published=True).values_list("year", flat=True)) == list(range(first, last + 1))
    day = CalendarDay.objects.get(date=D(2025, 1, 29))
    assert (day.kind, day.name) == ("holiday", "春节")
    assert day.source.startswith("chinese-calendar ")
    assert CalendarDay.objects.get(date=D(2025, 1, 26)).kind == "workday"
    assert not CalendarYear.objects.filter(year=last + 1).exists()


def test_compute_deadline_on_the_default_calendar():
    assert compute_deadline(D(2025, 1, 14), 15, "days") == D(2025, 2, 5)
    assert compute_deadline(D(2025, 1, 16), 10, "days") == D(2025, 1, 26)
    assert compute_deadline(D(2025, 1, 14), 15, "days", roll_forward=False) == D(2025, 1, 29)
    assert compute_deadline(D(2024, 9, 30), 10, "working_days") == D(2024, 10, 18)
    with pytest.raises(DeadlineError) as err:
        compute_deadline(D(2026, 12, 20), 30, "days")
    assert err.value.code == "calendar_unpublished"
    assert "2027" in str(err.value)


def test_the_default_calendar_is_cached(django_assert_num_queries):
    calendar_store.default_calendar()
    with django_assert_num_queries(1):  # only the revision check
        assert compute_deadline(D(2025, 1, 14), 15, "days") == D(2025, 2, 5)


def test_publishing_a_year_invalidates_the_cache(world, django_capture_on_commit_callbacks):
    with pytest.raises(DeadlineError):
        compute_deadline(D(2026, 12, 20), 30, "days")
    with django_capture_on_commit_callbacks(execute=True):
        services.calendar_day_create(actor=world.platform_admin, date=D(2027, 1, 1), kind="holiday", name="元旦")
        services.calendar_year_set(actor=world.platform_admin, year=2027, published=True, source="国务院办公厅通知")
    # 2026-12-20 + 30 = 2027-01-19 (a Tuesday in the now published 2027)
    assert compute_deadline(D(2026, 12, 20), 30, "days") == D(2027, 1, 19)
    # 2026-12-31 + 1 = 2027-01-01 (元旦, Friday) → Jan 2 and 3 are a weekend → Monday 01-04
    assert compute_deadline(D(2026, 12, 31), 1, "days") == D(2027, 1, 4)


def test_a_change_made_elsewhere_is_seen_through_the_revision_counter(world):
    assert compute_deadline(D(2025, 3, 5), 10, "days") == D(2025, 3, 17)
    # another process's write: the rows and the counter change, this process's cache is untouched
    CalendarDay.objects.create(date=D(2025, 3, 17), kind="holiday", name="测试假日")
    services.bump_revision()
    assert compute_deadline(D(2025, 3, 5), 10, "days") == D(2025, 3, 18)


def test_editing_and_removing_a_day(world):
    day = CalendarDay.objects.get(date=D(2025, 1, 26))
    services.calendar_day_remove(actor=world.platform_admin, day=day, reason="测试")
    # Sunday 2025-01-26 is now an ordinary Sunday: rolls to Monday 01-27 (the break starts 01-28)
    assert compute_deadline(D(2025, 1, 16), 10, "days") == D(2025, 1, 27)
    holiday = CalendarDay.objects.get(date=D(2025, 2, 4))
    services.calendar_day_update(actor=world.platform_admin, day=holiday, kind="holiday", name="春节", note="核对无误")
    actions = sorted(AuditEvent.objects.filter(action__startswith="deadlines.calendar_day").values_list("action", flat=True))
    assert actions == ["deadlines.calendar_day.remove", "deadlines.calendar_day.update"]
    assert CalendarDay.objects.get(date=D(2025, 2, 4)).source == "manual"


def test_calendar_services_refuse_bad_input(world):
    with pytest.raises(ServiceError) as err:
        services.calendar_day_create(actor=world.platform_admin, date=D(2025, 1, 29), kind="holiday")
    assert err.value.code == ErrorCode.CALENDAR_DAY_TAKEN
    with pytest.raises(ServiceError) as err:
        services.calendar_day_create(actor=world.platform_admin, date=D(2027, 3, 3), kind="workday")  # a Wednesday
    assert err.value.code == ErrorCode.CALENDAR_DAY_REDUNDANT
    with pytest.raises(ServiceError) as err:
        services.calendar_year_set(actor=world.platform_admin, year=2027, published=True)
    assert err.value.code == ErrorCode.CALENDAR_YEAR_EMPTY
    assert not CalendarYear.objects.filter(year=2027).exists()
    with pytest.raises(ServiceError) as err:
        services.calendar_year_set(actor=world.platform_admin, year=1800, published=False)
    assert err.value.code == ErrorCode.INVALID


@pytest.mark.parametrize("who", ["admin_a", "judge_a", "examiner", "external"])
def test_only_platform_admins_edit_the_calendar(world, who):
    with pytest.raises(PermissionDenied):
        services.calendar_day_create(actor=getattr(world, who), date=D(2027, 1, 1), kind="holiday")
    with pytest.raises(PermissionDenied):
        services.calendar_year_set(actor=getattr(world, who), year=2026, published=False)


def test_unpublishing_a_year_makes_its_deadlines_uncomputable(world):
    services.calendar_year_set(actor=world.platform_admin, year=2025, published=False, note="待核对")
    with pytest.raises(DeadlineError) as err:
        compute_deadline(D(2025, 1, 14), 15, "days")
    assert err.value.code == "calendar_unpublished"
    event = AuditEvent.objects.get(action="deadlines.calendar_year.unpublish")
    assert event.before == {"published": True, "note": "由 chinese-calendar 包导入（国务院办公厅节假日安排通知）"}
