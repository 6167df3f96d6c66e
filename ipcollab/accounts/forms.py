from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续失败 5 次将临时锁定该账户。"),
        "inactive": _("该账户已停用。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        self.fields["username"].widget.attrs.update({"class": "form-control", "autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"class": "form-control", "autocomplete": "current-password"})

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.kind == "system":
            raise forms.ValidationError(_("机构系统账户只能通过接口令牌访问，不能登录网页。"), code="system_account")


class OTPTokenForm(forms.Form):
    token = forms.RegexField(
        label=_("动态验证码"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": _("请输入认证器应用显示的 6 位数字。")},
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或用户名"), required=False, max_length=60)
    role = forms.ChoiceField(label=_("角色"), required=False)
    active = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), ("1", _("有效")), ("0", _("已停用"))])
    kind = forms.ChoiceField(label=_("账户类别"), required=False)
    agency = forms.ModelChoiceField(label=_("机构"), required=False, queryset=None, empty_label=_("全部机构"))

    def __init__(self, *args, roles=(), agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import AccountKind

        self.fields["role"].choices = [("", _("全部角色")), *[(r.code, r.name) for r in roles]]
        self.fields["kind"].choices = [("", _("全部类别")), *AccountKind.choices]
        if agencies is None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies
        _style(self)


class PersonForm(forms.Form):
    """Fields shared by create and edit."""

    full_name = forms.CharField(label=_("姓名"), max_length=60)
    title = forms.CharField(label=_("职务"), max_length=60, required=False)
    division = forms.ModelChoiceField(label=_("内设机构"), queryset=None, required=False, empty_label=_("（无）"))
    phone = forms.CharField(label=_("电话"), max_length=32, required=False)
    email = forms.EmailField(label=_("电子邮箱"), max_length=254, required=False)

    def __init__(self, *args, divisions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = divisions
        _style(self)


class StaffCreateForm(PersonForm):
    username = forms.CharField(label=_("用户名"), max_length=150, help_text=_("登录用，创建后不可修改。"))
    password1 = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput(render_value=False), strip=False, max_length=128)
    password2 = forms.CharField(label=_("确认初始密码"), widget=forms.PasswordInput(render_value=False), strip=False, max_length=128)
    roles = forms.MultipleChoiceField(label=_("角色"), required=False, widget=forms.CheckboxSelectMultiple)

    field_order = ["username", "full_name", "title", "division", "phone", "email", "password1", "password2", "roles"]

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = [(r.code, r.name) for r in roles]
        self.fields["password1"].help_text = _("至少 12 位，包含小写字母、大写字母、数字和符号中的至少三类。请当面或通过安全渠道告知本人。")
        self.fields["password1"].widget.attrs["autocomplete"] = "new-password"
        self.fields["password2"].widget.attrs["autocomplete"] = "new-password"

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class StaffEditForm(PersonForm):
    is_active = forms.BooleanField(label=_("账户有效"), required=False)


class RoleAssignForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"))

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.code, r.name) for r in roles]
        _style(self)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("事由"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ResetPasswordForm(forms.Form):
    password1 = forms.CharField(label=_("临时密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), strip=False, max_length=128)
    password2 = forms.CharField(label=_("确认临时密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), strip=False, max_length=128)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = _("至少 12 位，包含小写字母、大写字母、数字和符号中的至少三类。请通过安全渠道告知本人，并提醒其登录后修改。")
        _style(self)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class SystemAccountForm(forms.Form):
    username = forms.CharField(label=_("账户名"), max_length=150, help_text=_("如 court-a-case-system，仅用于识别，不能登录网页。"))
    full_name = forms.CharField(label=_("系统名称"), max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class TokenIssueForm(forms.Form):
    name = forms.CharField(label=_("令牌名称"), max_length=80, help_text=_("如“案件系统同步（生产）”"))
    scopes = forms.MultipleChoiceField(label=_("权限范围"), widget=forms.CheckboxSelectMultiple)
    expires_on = forms.DateField(label=_("到期日期"), help_text=_("最长一年。"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from . import scopes

        self.fields["scopes"].choices = scopes.choices()
        _style(self)
