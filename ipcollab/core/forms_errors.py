"""How thin views turn a service's answer into a page: one place, so every form shows a
ServiceError the same way."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404

from .errors import NotFound, PermissionDenied


def get_or_404(fn, *args):
    """Call a `*_get_for_user` selector; out of reach is a 404, as everywhere."""
    try:
        return fn(*args)
    except NotFound:
        raise Http404 from None


def apply_service_error(form, exc):
    """Show a ServiceError on the form: field messages on their fields, the rest on top.
    Permission and not-found errors become 403 and 404 pages instead."""
    if isinstance(exc, PermissionDenied):
        raise DjangoPermissionDenied
    if isinstance(exc, NotFound):
        raise Http404
    placed = False
    for field, msgs in exc.fields.items():
        for msg in msgs if isinstance(msgs, list) else [msgs]:
            if form is not None and field in form.fields:
                form.add_error(field, str(msg))
                placed = True
    if not placed and form is not None:
        form.add_error(None, str(exc.message))


def post_data(request):
    """The POST data for a bound form, or None on GET."""
    return request.POST if request.method == "POST" else None


def message_service_error(request, exc, *, quiet_codes=()):
    """A refusal of a form-less action as a message on the page it came from: the message, then
    up to four field messages in brackets (none for `quiet_codes`, whose message says it all).
    Permission and not-found errors become 403 and 404 pages instead."""
    from django.contrib import messages

    if isinstance(exc, NotFound):
        raise Http404
    if isinstance(exc, PermissionDenied):
        raise DjangoPermissionDenied
    details = [str(m) for msgs in (exc.fields or {}).values() for m in (msgs if isinstance(msgs, list) else [msgs]) if str(m) != str(exc.message)]
    text = str(exc.message)
    if details and exc.code not in quiet_codes:
        text += "（" + "；".join(details[:4]) + "）"
    messages.error(request, text)


def message_form_errors(request, form):
    """A bound form's errors as one message (label: errors), for pages that redirect back."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    errors = [f"{form.fields[f].label if f in form.fields else ''}：{'；'.join(e)}".lstrip("：") for f, e in form.errors.items()]
    messages.error(request, _("提交的内容有误：") + " ".join(errors))
