from django.urls import reverse
from django.utils.translation import ngettext

from ipcollab.core import attention

from .selectors import unread_count


@attention.register
def unread_notifications(user):
    n = unread_count(user)
    if not n:
        return []
    return [attention.Attention("info", ngettext("%(n)d 条未读通知", "%(n)d 条未读通知", n) % {"n": n}, url=reverse("notifications:list"), count=n)]
