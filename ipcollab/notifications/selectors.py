from ipcollab.core.errors import NotFound

from .models import Notification


def notification_list_for_user(user):
    return Notification.objects.filter(recipient=user)


def notification_get_for_user(user, pk):
    try:
        return Notification.objects.get(recipient=user, pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
