from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ipcollab.core import masking
from ipcollab.core.errors import NotFound, ServiceError
from ipcollab.core.principals import is_platform_admin

from . import otp, selectors, services
from .forms import (
    LoginForm,
    OTPTokenForm,
    PeopleFilterForm,
    ReasonForm,
    ResetPasswordForm,
    RoleAssignForm,
    StaffCreateForm,
    StaffEditForm,
    SystemAccountForm,
    TokenIssueForm,
)
from .models import AccountKind

PAGE_SIZE = 50


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
    if not otp.has_confirmed(request.user):
        return redirect("accounts:otp_setup")
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.verify(request=request, token=form.cleaned_data["token"]):
            target = request.GET.get("next") or ""
            return redirect(target if target.startswith("/") and not target.startswith("//") else "home:index")
        form.add_error("token", _("验证码不正确或已过期，请重试。"))
    return render(request, "accounts/otp_verify.html", {"form": form})


# -- helpers --------------------------------------------------------------------------------


def _person_or_404(request, pk):
    try:
        return selectors.person_get_for_user(request.user, pk)
    except NotFound:
        raise Http404 from None


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise DjangoPermissionDenied


def _form_error(form, exc, aliases=None):
    """Show a ServiceError on the form: field messages on their fields, the rest on top."""
    if exc.status == 403:
        raise DjangoPermissionDenied
    aliases = aliases or {}
    placed = False
    for name, msgs in exc.fields.items():
        name = aliases.get(name, name)
        if name not in form.fields:
            continue
        for msg in msgs if isinstance(msgs, list) else [msgs]:
            form.add_error(name, msg)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def _target_agency(request):
    """The agency a create form acts in: the admin's own, or ?agency= for platform admins."""
    if is_platform_admin(request.user) and request.GET.get("agency"):
        agency = selectors.agency_get(request.GET["agency"])
        if agency is None:
            raise Http404
        return agency
    if request.user.agency_id is None:
        raise DjangoPermissionDenied
    return request.user.agency


def _flash_service_error(request, exc):
    if exc.status == 403:
        raise DjangoPermissionDenied
    messages.error(request, exc.message)


# -- people ---------------------------------------------------------------------------------


@login_required
@require_GET
def people_list(request):
    user = request.user
    _require(request, "accounts.view_people")
    platform = is_platform_admin(user)
    form = PeopleFilterForm(
        request.GET or None,
        roles=list(selectors.roles_all()),
        agencies=selectors.agencies_for_people_filter(user) if platform else None,
    )
    filters = form.cleaned_data if form.is_valid() else {}
    active = {"1": True, "0": False}.get(filters.get("active") or "")
    people = selectors.people_list_for_user(
        user, q=filters.get("q", ""), role=filters.get("role", ""), active=active, agency=filters.get("agency"), kind=filters.get("kind", "")
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"person": p, "roles": selectors.memberships_of(p), "contact": selectors.contact_for(user, p)} for p in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/people_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "show_agency": platform,
            "can_create": user.has_perm("accounts.manage_people", user.agency) if user.agency_id else platform,
        },
    )


def _detail_context(request, person, *, revealed=None):
    user = request.user
    can_manage = user.has_perm("accounts.manage_person", person)
    ctx = {
        "person": person,
        "memberships": selectors.memberships_of(person),
        # One person on the page: phone and e-mail stay masked until an audited reveal.
        "contact": revealed or _masked(person),
        "revealed": bool(revealed),
        "can_manage": can_manage,
        "can_reveal": user.has_perm("accounts.view_personal_data", person),
        "liaisons": selectors.liaison_designations_of(person),
        "is_self": user.pk == person.pk,
    }
    if person.kind == AccountKind.SYSTEM and user.has_perm("accounts.manage_tokens", person):
        ctx["tokens"] = selectors.tokens_for_user(user, system_user=person)
        ctx["can_manage_tokens"] = True
        ctx["now"] = timezone.now()
    return ctx


def _masked(person):
    return {"phone": masking.mask_phone(person.phone), "email": masking.mask_email(person.email), "masked": True}


@login_required
@require_GET
def person_detail(request, pk):
    person = _person_or_404(request, pk)
    return render(request, "accounts/person_detail.html", _detail_context(request, person))


@login_required
@require_POST
@never_cache
def person_reveal(request, pk):
    person = _person_or_404(request, pk)
    try:
        contact = services.reveal_personal_data(actor=request.user, person=person)
    except ServiceError as exc:
        _flash_service_error(request, exc)
        return redirect("accounts:person_detail", pk=person.pk)
    return render(request, "accounts/person_detail.html", _detail_context(request, person, revealed=contact))


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    agency = _target_agency(request)
    _require(request, "accounts.manage_people", agency)
    roles = selectors.roles_assignable(request.user, agency)
    form = StaffCreateForm(request.POST or None, divisions=selectors.divisions_of(agency), roles=roles)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.staff_create(
                actor=request.user,
                agency=agency,
                username=data["username"],
                password=data["password1"],
                full_name=data["full_name"],
                title=data["title"],
                division=data["division"],
                phone=data["phone"],
                email=data["email"],
                roles=data["roles"],
            )
        except ServiceError as exc:
            _form_error(form, exc, aliases={"password": "password1"})
        else:
            messages.success(request, _("已创建人员“%(name)s”。") % {"name": person.display_name})
            return redirect("accounts:person_detail", pk=person.pk)
    return render(request, "accounts/person_form.html", {"form": form, "agency": agency, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = _person_or_404(request, pk)
    _require(request, "accounts.manage_person", person)
    initial = {
        "full_name": person.full_name,
        "title": person.title,
        "division": person.division_id,
        "phone": person.phone,
        "email": person.email,
        "is_active": person.is_active,
    }
    form = StaffEditForm(request.POST or None, initial=initial, divisions=selectors.divisions_of(person.agency))
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_update(actor=request.user, person=person, **form.cleaned_data)
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("accounts:person_detail", pk=person.pk)
    return render(request, "accounts/person_form.html", {"form": form, "agency": person.agency, "person": person, "creating": False})


@login_required
@require_http_methods(["GET", "POST"])
def person_roles(request, pk):
    person = _person_or_404(request, pk)
    _require(request, "accounts.manage_person", person)
    if person.kind != AccountKind.STAFF or person.agency_id is None:
        raise DjangoPermissionDenied
    held = {m.role.code for m in selectors.memberships_of(person)}
    assignable = [r for r in selectors.roles_assignable(request.user, person.agency) if r.code not in held]
    form = RoleAssignForm(roles=assignable)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "revoke":
                role = selectors.role_get(request.POST.get("role", ""))
                services.role_revoke(actor=request.user, person=person, role_code=request.POST.get("role", ""))
                messages.success(request, _("已撤销角色“%(role)s”。") % {"role": role.label})
                return redirect("accounts:person_roles", pk=person.pk)
            form = RoleAssignForm(request.POST, roles=assignable)
            if form.is_valid():
                membership, _created = services.role_assign(actor=request.user, person=person, role_code=form.cleaned_data["role"])
                messages.success(request, _("已分配角色“%(role)s”。") % {"role": membership.role.label})
                return redirect("accounts:person_roles", pk=person.pk)
        except ServiceError as exc:
            _flash_service_error(request, exc)
            return redirect("accounts:person_roles", pk=person.pk)
    return render(
        request,
        "accounts/person_roles.html",
        {"person": person, "memberships": selectors.memberships_of(person), "form": form, "has_assignable": bool(assignable)},
    )


@login_required
@require_POST
def person_deactivate(request, pk):
    person = _person_or_404(request, pk)
    _require(request, "accounts.manage_person", person)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.user_deactivate(actor=request.user, person=person, reason=reason)
    except ServiceError as exc:
        _flash_service_error(request, exc)
    else:
        messages.success(request, _("已停用“%(name)s”的账户。") % {"name": person.display_name})
    return redirect("accounts:person_detail", pk=person.pk)


@login_required
@require_POST
def person_reactivate(request, pk):
    person = _person_or_404(request, pk)
    _require(request, "accounts.manage_person", person)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.user_reactivate(actor=request.user, person=person, reason=reason)
    except ServiceError as exc:
        _flash_service_error(request, exc)
    else:
        messages.success(request, _("已恢复“%(name)s”的账户。") % {"name": person.display_name})
    return redirect("accounts:person_detail", pk=person.pk)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def person_reset_password(request, pk):
    person = _person_or_404(request, pk)
    _require(request, "accounts.manage_person", person)
    if person.kind == AccountKind.SYSTEM:
        raise DjangoPermissionDenied
    form = ResetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.admin_reset_password(actor=request.user, person=person, new_password=form.cleaned_data["password1"])
        except ServiceError as exc:
            _form_error(form, exc, aliases={"password": "password1"})
        else:
            messages.success(request, _("已为“%(name)s”设置临时密码，请通过安全渠道告知本人。") % {"name": person.display_name})
            return redirect("accounts:person_detail", pk=person.pk)
    return render(request, "accounts/person_reset_password.html", {"form": form, "person": person})


# -- system accounts and tokens ---------------------------------------------------------------


@login_required
@require_GET
def system_list(request):
    user = request.user
    if not (is_platform_admin(user) or (user.agency_id and user.has_perm("accounts.manage_people", user.agency))):
        raise DjangoPermissionDenied
    systems = selectors.system_accounts_for_user(user)[:500]
    return render(request, "accounts/system_list.html", {"systems": systems, "show_agency": is_platform_admin(user)})


@login_required
@require_http_methods(["GET", "POST"])
def system_create(request):
    agency = _target_agency(request)
    _require(request, "accounts.manage_people", agency)
    form = SystemAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.system_account_create(actor=request.user, agency=agency, **form.cleaned_data)
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("已创建系统账户“%(name)s”。现在可以为它签发访问令牌。") % {"name": person.display_name})
            return redirect("accounts:person_detail", pk=person.pk)
    return render(request, "accounts/system_form.html", {"form": form, "agency": agency})


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def token_create(request, pk):
    person = _person_or_404(request, pk)
    if person.kind != AccountKind.SYSTEM:
        raise Http404
    _require(request, "accounts.manage_tokens", person)
    form = TokenIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expires_at = timezone.make_aware(datetime.combine(data["expires_on"], time.min))
        try:
            token, raw = services.token_issue(actor=request.user, system_user=person, name=data["name"], scopes=data["scopes"], expires_at=expires_at)
        except ServiceError as exc:
            _form_error(form, exc, aliases={"expires_at": "expires_on"})
        else:
            return render(request, "accounts/token_created.html", {"person": person, "token": token, "raw": raw})
    return render(request, "accounts/token_form.html", {"form": form, "person": person})


@login_required
@require_POST
def token_revoke(request, pk):
    try:
        token = selectors.token_get_for_user(request.user, pk)
    except NotFound:
        raise Http404 from None
    try:
        services.token_revoke(actor=request.user, token=token)
    except ServiceError as exc:
        _flash_service_error(request, exc)
    else:
        messages.success(request, _("已吊销令牌“%(name)s”。") % {"name": token.name})
    return redirect(reverse("accounts:person_detail", args=[token.user_id]))


@require_http_methods(["POST"])
def set_language(request):
    """Django's language switch, which also remembers the choice on the account."""
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and response.status_code in (200, 302):
        services.set_preferred_language(user=request.user, language=language)
    return response
