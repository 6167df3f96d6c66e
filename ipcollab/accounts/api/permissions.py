from rest_framework.permissions import BasePermission

from ..models import ApiToken


class TokenScope(BasePermission):
    """Views declare `required_scopes = {"GET": "orgs:read", "POST": "orgs:write"}`; a token must
    carry the scope. Browser sessions are limited by roles instead."""

    message = "token_scope"

    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        scopes = getattr(view, "required_scopes", {})
        method = "GET" if request.method in ("HEAD", "OPTIONS") else request.method
        needed = scopes.get(method) or scopes.get("*")
        if needed is None:
            return False
        if not token.allows(needed):
            from rest_framework.exceptions import PermissionDenied

            from ipcollab.core.errors import DEFAULT_MESSAGES, ErrorCode

            raise PermissionDenied(DEFAULT_MESSAGES[ErrorCode.TOKEN_SCOPE], code=ErrorCode.TOKEN_SCOPE)
        return True
