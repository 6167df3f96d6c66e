from .selectors import unread_count


def unread_notifications(request):
    """The unread count for the badge in the base navigation: one COUNT per request, however many
    templates it renders with the request (a dossier renders each panel so)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if getattr(request, "_unread_count_for", None) is not user:
        request._unread_count, request._unread_count_for = unread_count(user), user
    return {"unread_notification_count": request._unread_count}
