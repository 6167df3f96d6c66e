"""Seed the holiday calendar from the installed chinese-calendar package: every holiday and
adjusted working day it lists, and every year from its first to its last covered year marked
published. Later years (the package's or the State Council's next notices) are added by platform
admins through the calendar page, or by a newer migration.

Reversing deletes only the rows this migration wrote (source starting with "chinese-calendar")."""

from django.db import migrations
from django.utils import timezone


def _package():
    import chinese_calendar
    from chinese_calendar import constants

    version = getattr(chinese_calendar, "__version__", "") or "unknown"
    return f"chinese-calendar {version}", constants


def _chinese_name(value, constants):
    for holiday in constants.Holiday:
        if holiday.value == value:
            return holiday.chinese
    return str(value)[:60]


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("deadlines", "CalendarDay")
    CalendarYear = apps.get_model("deadlines", "CalendarYear")
    CalendarRevision = apps.get_model("deadlines", "CalendarRevision")
    source, constants = _package()
    rows = []
    for kind, table in (("holiday", constants.holidays), ("workday", constants.workdays)):
        for date, value in table.items():
            rows.append(CalendarDay(date=date, kind=kind, name=_chinese_name(value, constants), source=source))
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)
    years = {d.year for d in constants.holidays}
    first, last = min(years), max(years)
    for year in range(first, last + 1):
        CalendarYear.objects.update_or_create(
            year=year, defaults={"published": True, "source": source, "note": "由 chinese-calendar 包导入（国务院办公厅节假日安排通知）"}
        )
    revision, _ = CalendarRevision.objects.get_or_create(pk=1)
    revision.revision += 1
    revision.changed_at = timezone.now()
    revision.save()


def unseed(apps, schema_editor):
    apps.get_model("deadlines", "CalendarDay").objects.filter(source__startswith="chinese-calendar").delete()
    apps.get_model("deadlines", "CalendarYear").objects.filter(source__startswith="chinese-calendar").delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
