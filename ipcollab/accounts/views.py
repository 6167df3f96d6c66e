from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import otp, services
from .forms import LoginForm, OTPTokenForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def lockout(request, credentials=None, *args, **kwargs):
    return render(request, "accounts/lockout.html", status=429)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    from django.contrib.auth.forms import PasswordChangeForm

    form = PasswordChangeForm(request.user, request.POST or None)
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-control"
    if request.method == "POST" and form.is_valid():
        services.change_own_password(user=request.user, new_password=form.cleaned_data["new_password1"], request=request)
        messages.success(request, _("密码已修改。"))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    device = otp.pending_device(request.user)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.confirm_device(user=request.user, device=device, token=form.cleaned_data["token"], request=request):
            messages.success(request, _("双重认证已启用。"))
            return redirect("home:index")
        form.add_error("token", _("验证码不正确或已过期，请重试。"))
    return render(
        request,
        "accounts/otp_setup.html",
        {"form": form, "qr_svg": otp.qr_svg(device), "secret": otp.secret_b32(device), "has_confirmed": otp.has_confirmed(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.verify(request=request, token=form.cleaned_data["token"]):
            return redirect(request.GET.get("next") if (request.GET.get("next") or "").startswith("/") else "home:index")
        form.add_error("token", _("验证码不正确或已过期，请重试。"))
    return render(request, "accounts/otp_verify.html", {"form": form})
