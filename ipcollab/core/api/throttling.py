from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonQuota(AnonRateThrottle):
    scope = "anon"


class UserQuota(UserRateThrottle):
    """People signed in through the browser or with a personal token."""

    scope = "user"

    def allow_request(self, request, view):
        if getattr(request.user, "kind", None) == "system":
            return True
        return super().allow_request(request, view)


class SystemQuota(UserRateThrottle):
    """Agency systems (machine clients) get a larger, separate quota."""

    scope = "system"

    def allow_request(self, request, view):
        if getattr(request.user, "kind", None) != "system":
            return True
        return super().allow_request(request, view)


def published_quotas():
    from django.conf import settings

    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    return [
        {"scope": "anon", "applies_to": "unauthenticated requests, per IP address", "rate": rates["anon"]},
        {"scope": "user", "applies_to": "agency staff and external parties, per account", "rate": rates["user"]},
        {"scope": "system", "applies_to": "agency systems (API tokens), per system account", "rate": rates["system"]},
    ]
