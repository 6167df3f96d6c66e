"""Error pages: HTML for people, the JSON envelope under /api/."""

from django.shortcuts import render

from .api.errors import json_error
from .errors import ErrorCode


def _page(request, status, code, template):
    if request.path.startswith("/api/"):
        return json_error(status, code)
    return render(request, template, {"status": status}, status=status)


def page_not_found(request, exception=None):
    return _page(request, 404, ErrorCode.NOT_FOUND, "errors/404.html")


def permission_denied(request, exception=None):
    return _page(request, 403, ErrorCode.PERMISSION_DENIED, "errors/403.html")


def bad_request(request, exception=None):
    return _page(request, 400, ErrorCode.INVALID, "errors/400.html")


def server_error(request):
    return _page(request, 500, ErrorCode.SERVER_ERROR, "errors/500.html")
