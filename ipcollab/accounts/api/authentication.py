from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from ipcollab.core.errors import DEFAULT_MESSAGES, ErrorCode

from ..models import ApiToken, hash_token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer ipc_<prefix>_<secret>` for agency systems."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if not parts or parts[0] != self.keyword:
            return None
        if len(parts) != 2 or not parts[1].startswith("ipc_") or parts[1].count("_") < 2:
            raise exceptions.AuthenticationFailed(DEFAULT_MESSAGES[ErrorCode.AUTHENTICATION_FAILED], code=ErrorCode.AUTHENTICATION_FAILED)
        raw = parts[1]
        prefix = raw.split("_", 2)[1]
        token = ApiToken.objects.select_related("user", "user__agency").filter(prefix=prefix).first()
        if token is None or token.key_hash != hash_token(raw) or token.revoked_at is not None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(DEFAULT_MESSAGES[ErrorCode.AUTHENTICATION_FAILED], code=ErrorCode.AUTHENTICATION_FAILED)
        if token.is_expired:
            raise exceptions.AuthenticationFailed(DEFAULT_MESSAGES[ErrorCode.TOKEN_EXPIRED], code=ErrorCode.TOKEN_EXPIRED)
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "ipc_<prefix>_<secret>", "description": "Token of an agency system account"}
