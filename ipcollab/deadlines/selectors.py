"""Reads of the deadlines app. The calendar is reference data every agency account may read;
service records are filtered in SQL by their owning agency and visibility
(ipcollab.access.visibility.visible_to): out of reach is NotFound."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from ipcollab.access.visibility import visible_to
from ipcollab.core.errors import NotFound
from ipcollab.core.ids import parse_pk

from .models import CalendarDay, CalendarYear, ServiceRecord


def calendar_days(year):
    return CalendarDay.objects.filter(date__year=year).order_by("date")


def calendar_year(year):
    """The CalendarYear row, or None when the year was never recorded (= unpublished)."""
    return CalendarYear.objects.filter(year=year).first()


def calendar_years():
    return CalendarYear.objects.order_by("year")


def calendar_day_get(pk):
    day = CalendarDay.objects.filter(pk=parse_pk(pk)).first()
    if day is None:
        raise NotFound()
    return day


def service_records_for_user(user, *, q=None, method=None, regime=None, pending=None):
    qs = visible_to(ServiceRecord.objects.all(), user).select_related("agency", "recipient_agency")
    if q:
        qs = qs.filter(Q(document_title__contains=q) | Q(document_number__contains=q) | Q(recipient_name__contains=q))
    if method:
        qs = qs.filter(method=method)
    if regime:
        qs = qs.filter(regime=regime)
    if pending:
        qs = qs.filter(received_on__isnull=True)
    return qs


def service_record_get(pk, user):
    record = service_records_for_user(user).select_related("recipient_user", "created_by").filter(pk=parse_pk(pk)).first()
    if record is None:
        raise NotFound()
    return record


def service_records_for_document(user, document):
    ct = ContentType.objects.get_for_model(document)
    return service_records_for_user(user).filter(content_type=ct, object_id=str(document.pk))
