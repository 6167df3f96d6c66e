"""The one error envelope of the API: {"error": {"code", "message", "fields"}}."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response

from ..errors import DEFAULT_MESSAGES, ErrorCode, ServiceError

logger = logging.getLogger("ipcollab.api")

_DRF_CODES = {
    exceptions.NotAuthenticated: ErrorCode.NOT_AUTHENTICATED,
    exceptions.AuthenticationFailed: ErrorCode.AUTHENTICATION_FAILED,
    exceptions.PermissionDenied: ErrorCode.PERMISSION_DENIED,
    exceptions.NotFound: ErrorCode.NOT_FOUND,
    exceptions.MethodNotAllowed: ErrorCode.METHOD_NOT_ALLOWED,
    exceptions.UnsupportedMediaType: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    exceptions.ParseError: ErrorCode.PARSE_ERROR,
    exceptions.NotAcceptable: ErrorCode.NOT_ACCEPTABLE,
    exceptions.Throttled: ErrorCode.THROTTLED,
    exceptions.ValidationError: ErrorCode.INVALID,
}


def envelope(code, message=None, fields=None):
    code = ErrorCode(code)
    return {"error": {"code": str(code), "message": str(message or DEFAULT_MESSAGES.get(code, "")), "fields": fields or {}}}


def _flatten(detail):
    """DRF error detail → {field: [{"code", "message"}]} with nested paths joined by dots."""
    out = {}

    def walk(prefix, value):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        elif isinstance(value, list):
            if all(isinstance(v, exceptions.ErrorDetail) or isinstance(v, str) for v in value):
                out.setdefault(prefix or "non_field_errors", []).extend({"code": getattr(v, "code", "invalid"), "message": str(v)} for v in value)
            else:
                for i, v in enumerate(value):
                    walk(f"{prefix}.{i}", v)
        else:
            out.setdefault(prefix or "non_field_errors", []).append({"code": getattr(value, "code", "invalid"), "message": str(value)})

    walk("", detail)
    return out


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        fields = {k: [{"code": exc.code, "message": str(m)} for m in (v if isinstance(v, list) else [v])] for k, v in exc.fields.items()}
        return Response(envelope(exc.code, exc.message, fields), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if not isinstance(exc, exceptions.APIException):
        logger.exception("unhandled API error")
        return Response(envelope(ErrorCode.SERVER_ERROR), status=500)

    code = next((c for cls, c in _DRF_CODES.items() if isinstance(exc, cls)), ErrorCode.INVALID)
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        return Response(envelope(code, None, _flatten(exc.detail)), status=exc.status_code, headers=headers)
    detail = exc.detail
    specific = getattr(detail, "code", None)
    if specific in ErrorCode._value2member_map_:
        code = ErrorCode(specific)
    message = DEFAULT_MESSAGES.get(code) if code in (ErrorCode.NOT_FOUND, ErrorCode.THROTTLED) else str(detail)
    return Response(envelope(code, message), status=exc.status_code, headers=headers)


def json_error(status, code, message=None):
    return JsonResponse(envelope(code, message), status=status, json_dumps_params={"ensure_ascii": False})


@csrf_exempt  # it writes nothing; unknown API paths answer the 404 envelope for every method
def api_not_found(request, rest=None):
    return json_error(404, ErrorCode.NOT_FOUND)
