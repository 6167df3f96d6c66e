from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from ..errors import DEFAULT_MESSAGES, ErrorCode


class TokenScope(BasePermission):
    """Views declare `required_scopes = {"GET": "orgs:read", "POST": "orgs:write"}` ("*" as a
    method key covers the rest). A token (request.auth with `.allows(scope)`) must carry the
    scope; browser sessions are limited by roles instead. A method the view declares no scope
    for is refused to tokens."""

    def has_permission(self, request, view):
        token = request.auth
        if token is None or not hasattr(token, "allows"):
            return True
        scopes = getattr(view, "required_scopes", {})
        method = "GET" if request.method in ("HEAD", "OPTIONS") else request.method
        needed = scopes.get(method) or scopes.get("*")
        if needed is None or not token.allows(needed):
            raise PermissionDenied(DEFAULT_MESSAGES[ErrorCode.TOKEN_SCOPE], code=ErrorCode.TOKEN_SCOPE)
        return True
