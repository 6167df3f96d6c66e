import hashlib
import re
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from . import context
from .errors import DEFAULT_MESSAGES, ErrorCode

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request an id (the caller's X-Request-ID when well-formed) for logs and audit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else context.new_request_id()
        request.request_id = request_id
        token = context.set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            context.reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response


_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
IDEMPOTENCY_TTL = timedelta(hours=24)


def _principal(request):
    auth = request.headers.get("Authorization", "")
    if auth:
        return "auth:" + hashlib.sha256(auth.encode()).hexdigest()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "anon:" + (request.META.get("REMOTE_ADDR") or "")


def _error(status, code):
    return JsonResponse(
        {"error": {"code": str(code), "message": str(DEFAULT_MESSAGES[code]), "fields": {}}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


class IdempotencyMiddleware:
    """Idempotency-Key on POST /api/: the first response is stored and replayed for 24 hours;
    the same key with a different body is refused (422), a concurrent duplicate gets 409."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get("Idempotency-Key")
        if request.method != "POST" or key is None or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not _KEY.match(key):
            return _error(400, ErrorCode.IDEMPOTENCY_KEY_INVALID)

        from .models import IdempotencyRecord

        principal = _principal(request)
        fingerprint = hashlib.sha256(request.method.encode() + request.get_full_path().encode() + b"\n" + request.body).hexdigest()
        now = timezone.now()
        IdempotencyRecord.objects.filter(principal=principal, key=key, created_at__lt=now - IDEMPOTENCY_TTL).delete()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(principal=principal, key=key, fingerprint=fingerprint)
        except IntegrityError:
            existing = IdempotencyRecord.objects.filter(principal=principal, key=key).first()
            if existing is None:
                return _error(409, ErrorCode.IDEMPOTENCY_IN_PROGRESS)
            if existing.fingerprint != fingerprint:
                return _error(422, ErrorCode.IDEMPOTENCY_KEY_REUSED)
            if existing.status_code is None:
                return _error(409, ErrorCode.IDEMPOTENCY_IN_PROGRESS)
            replay = HttpResponse(existing.body, status=existing.status_code, content_type=existing.content_type)
            replay["Idempotent-Replayed"] = "true"
            return replay

        response = self.get_response(request)
        if response.status_code >= 500 or getattr(response, "streaming", False):
            record.delete()
            return response
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        record.status_code = response.status_code
        record.content_type = response.get("Content-Type", "application/json")
        record.body = response.content.decode("utf-8", errors="replace")
        record.save(update_fields=["status_code", "content_type", "body"])
        return response


class ChineseFirstLocaleMiddleware:
    """zh-hans unless the person chose otherwise: the language cookie (set by the switch), then
    the account's preferred language. The browser's Accept-Language is not consulted: an
    official's English-language browser must not turn a Chinese platform English unasked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        available = dict(settings.LANGUAGES)
        choice = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if choice not in available:
            user = getattr(request, "user", None)
            preferred = getattr(user, "preferred_language", None) if user is not None and user.is_authenticated else None
            choice = preferred if preferred in available else settings.LANGUAGE_CODE
        translation.activate(choice)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
