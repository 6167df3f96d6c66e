"""OpenAPI pieces every app's API shares: the one error envelope and its documented responses.

Use `error_responses(400, 401, 403, 404)` in `extend_schema(responses={...})` so that every
documented answer matches what the exception handler (api/errors.py) writes."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="stable error code (ipcollab.core.errors.ErrorCode)")
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=ErrorItemSerializer()))


class ErrorEnvelopeSerializer(serializers.Serializer):
    error = ErrorBodySerializer()


DESCRIPTIONS = {
    400: "Invalid input: code `invalid`, or a domain code (e.g. `region_unknown`), with field messages.",
    401: "Not authenticated (`not_authenticated`), or the token is invalid or expired.",
    403: "Not allowed (`permission_denied`), or the token lacks the scope (`token_scope`).",
    404: "Not found or out of the caller's reach (`not_found`), or an invalid pagination cursor (`invalid_cursor`).",
    409: "Conflict with the current state of the record.",
    429: "Quota exceeded (`throttled`); see Retry-After.",
}


def error_responses(*statuses, descriptions=None):
    descriptions = {**DESCRIPTIONS, **(descriptions or {})}
    return {s: OpenApiResponse(ErrorEnvelopeSerializer, description=descriptions[s]) for s in statuses}
