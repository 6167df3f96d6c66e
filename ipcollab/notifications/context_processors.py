from .selectors import unread_count


def unread_notifications(request):
    """The unread count for the badge in the base navigation (one COUNT per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": unread_count(user)}
