from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from ipcollab.audit import services as audit

from .models import Notification


def notify(*, recipient, code, title, body="", link="", dedupe_key, email=True):
    """Create one notification unless the same (recipient, dedupe_key) exists. Returns it or None."""
    try:
        with transaction.atomic():
            note = Notification.objects.create(recipient=recipient, code=code, title=title, body=body, link=link, dedupe_key=dedupe_key)
    except IntegrityError:
        return None
    if email and recipient.email:
        transaction.on_commit(lambda: send_mail(title, f"{body}\n\n{link}".strip(), None, [recipient.email], fail_silently=True))
    return note


@transaction.atomic
def mark_read(*, user, notification):
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit.record(actor=user, action="notifications.read", obj=notification)
    return notification


@transaction.atomic
def mark_all_read(*, user):
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        audit.record(actor=user, action="notifications.read_all", object_type="notifications.notification", after={"count": count})
    return count
