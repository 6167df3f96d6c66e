from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class RequireOTPMiddleware:
    """Under OTP_REQUIRED_FOR_ADMINS, an admin who has not passed a second factor in this
    session reaches only the pages that set one up or verify it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.OTP_REQUIRED_FOR_ADMINS and self._needs_otp(request):
            allowed = {reverse("accounts:otp_setup"), reverse("accounts:otp_verify"), reverse("accounts:logout")}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                return redirect("accounts:otp_verify" if self._has_device(request.user) else "accounts:otp_setup")
        return self.get_response(request)

    @staticmethod
    def _needs_otp(request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or getattr(request, "auth", None) is not None:
            return False
        if request.path.startswith("/api/") and request.headers.get("Authorization"):
            return False
        is_admin = user.is_superuser or user.has_role("platform_admin", "agency_admin")
        return is_admin and not user.is_verified()

    @staticmethod
    def _has_device(user):
        from django_otp import devices_for_user

        return any(True for _ in devices_for_user(user, confirmed=True))
