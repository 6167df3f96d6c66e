"""Forms of the agreements, judicial confirmation and the parties' pages. They only shape input:
the services decide (terms, deadlines, courts, authority)."""

import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from ipcollab.orgs.models import Agency, AgencyKind

from .confirmation import LICENCE_TYPES
from .models import InvitationChannel, Ruling, TermKind

# the agreement's own text stays Chinese (its hash is what the parties confirm); the form's labels are translated
LICENCE_TYPE_LABELS = {"exclusive": _("独占许可"), "sole": _("排他许可"), "ordinary": _("普通许可")}
TEXT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}
DATE = {"class": "form-control form-control-sm", "type": "date"}


class PreambleForm(forms.Form):
    preamble = forms.CharField(label=_("协议正文（前言）"), required=False, max_length=4000, widget=forms.Textarea(attrs={**TEXT, "rows": 3}))


class TermForm(forms.Form):
    kind = forms.ChoiceField(label=_("条款类型"), choices=TermKind.choices, widget=forms.Select(attrs=SELECT))
    obliged = forms.ChoiceField(label=_("义务人（付款人、许可人、转让人、撤回人）"), required=False, widget=forms.Select(attrs=SELECT))
    beneficiary = forms.ChoiceField(label=_("权利人（收款人、被许可人、受让人）"), required=False, widget=forms.Select(attrs=SELECT))
    right = forms.ChoiceField(label=_("涉及的权利"), required=False, widget=forms.Select(attrs=SELECT))
    amount = forms.CharField(label=_("金额（元）"), required=False, max_length=20, widget=forms.TextInput(attrs=TEXT))
    instalments = forms.CharField(
        label=_("分期（每行一期：YYYY-MM-DD 金额）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3, "placeholder": "2026-12-31 100000"}),
    )
    conduct = forms.CharField(label=_("停止的行为"), required=False, max_length=300, widget=forms.TextInput(attrs=TEXT))
    licence_type = forms.ChoiceField(
        label=_("许可类型"),
        required=False,
        choices=[("", "—"), *((code, LICENCE_TYPE_LABELS.get(code, name)) for code, name in LICENCE_TYPES.items())],
        widget=forms.Select(attrs=SELECT),
    )
    territory = forms.CharField(label=_("许可地域"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXT))
    period_from = forms.DateField(label=_("许可期限自"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    period_to = forms.DateField(label=_("许可期限至"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    proceeding = forms.ChoiceField(label=_("撤回的程序"), required=False, widget=forms.Select(attrs=SELECT))
    text = forms.CharField(label=_("条款表述（补充）"), required=False, max_length=2000, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))

    def __init__(self, *args, parties=(), rights=(), proceedings=(), **kwargs):
        super().__init__(*args, **kwargs)
        party_choices = [("", "—"), *[(str(p.pk), f"{p.party.name}（{p.get_side_display()}）") for p in parties]]
        self.fields["obliged"].choices = party_choices
        self.fields["beneficiary"].choices = party_choices
        self.fields["right"].choices = [("", "—"), *[(str(r.pk), f"{r.number} {r.title}") for r in rights]]
        self.fields["proceeding"].choices = [("", "—"), *[(str(p.pk), p.number) for p in proceedings]]

    def clean_instalments(self):
        rows = []
        for n, line in enumerate((self.cleaned_data.get("instalments") or "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            parts = line.replace("，", " ").replace(",", " ").split()
            if len(parts) != 2:
                raise forms.ValidationError(_("第%(n)d行应为“日期 金额”。") % {"n": n})
            try:
                due = datetime.date.fromisoformat(parts[0])
                amount = Decimal(parts[1])
            except (ValueError, InvalidOperation):
                raise forms.ValidationError(_("第%(n)d行的日期或金额无效。") % {"n": n}) from None
            rows.append({"due_on": due.isoformat(), "amount": str(amount)})
        return rows

    def service_data(self):
        d = self.cleaned_data
        data = {
            "kind": d["kind"],
            "obliged": d.get("obliged") or None,
            "beneficiary": d.get("beneficiary") or None,
            "right": d.get("right") or None,
            "text": d.get("text", ""),
        }
        if d["kind"] == TermKind.PAYMENT:
            data.update(amount=d.get("amount") or None, instalments=d.get("instalments") or [])
        elif d["kind"] == TermKind.CESSATION:
            data["details"] = {"conduct": d.get("conduct", "")}
        elif d["kind"] == TermKind.LICENCE:
            data["details"] = {
                "type": d.get("licence_type") or "",
                "territory": d.get("territory", ""),
                "period_from": d["period_from"].isoformat() if d.get("period_from") else "",
                "period_to": d["period_to"].isoformat() if d.get("period_to") else "",
            }
        elif d["kind"] == TermKind.WITHDRAWAL:
            data["proceeding"] = d.get("proceeding") or None
        return data


class PaperConfirmationForm(forms.Form):
    party = forms.ChoiceField(label=_("当事人"), widget=forms.Select(attrs=SELECT))
    signed_on = forms.DateField(label=_("签署日期"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    document = forms.FileField(label=_("签署的调解协议（PDF或图片）"), widget=forms.ClearableFileInput(attrs=TEXT))

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(str(p.pk), p.party.name) for p in parties]


class InviteForm(forms.Form):
    channel = forms.ChoiceField(label=_("发送方式"), choices=InvitationChannel.choices, widget=forms.Select(attrs=SELECT))
    address = forms.CharField(label=_("电子邮箱或手机号码（留空则用登记的）"), required=False, max_length=254, widget=forms.TextInput(attrs=TEXT))


class ApplyForm(forms.Form):
    court = forms.ChoiceField(label=_("受理法院"), widget=forms.Select(attrs=SELECT))
    consent_document = forms.FileField(label=_("未在线确认的当事人签署的同意书（如有）"), required=False, widget=forms.ClearableFileInput(attrs=TEXT))

    def __init__(self, *args, proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].choices = [(str(p.court.pk), f"{p.court.name} — {p.basis}") for p in proposals]


class AcceptForm(forms.Form):
    case_number = forms.CharField(label=_("民特案号"), max_length=60, widget=forms.TextInput(attrs={**TEXT, "placeholder": "（2026）京73民特1号"}))
    accepted_on = forms.DateField(label=_("受理日期"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class ExtendForm(forms.Form):
    approval = forms.CharField(label=_("院长批准情况"), max_length=300, widget=forms.TextInput(attrs=TEXT))


class RuleForm(forms.Form):
    ruling = forms.ChoiceField(label=_("裁定结果"), choices=Ruling.choices, widget=forms.Select(attrs=SELECT))
    reason = forms.CharField(label=_("理由"), required=False, max_length=2000, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class PilotForm(forms.Form):
    court = forms.ModelChoiceField(
        label=_("法院"), queryset=Agency.objects.filter(kind=AgencyKind.COURT, is_active=True).order_by("code"), widget=forms.Select(attrs=SELECT)
    )
    effective_from = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    effective_to = forms.DateField(label=_("失效日期"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    basis = forms.CharField(label=_("试点依据（文件名称、文号）"), max_length=300, widget=forms.TextInput(attrs=TEXT))


class PilotEndForm(forms.Form):
    effective_to = forms.DateField(label=_("失效日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("验证码（6位数字）"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    password = forms.CharField(label=_("设置密码"), max_length=128, widget=forms.PasswordInput(attrs={**TEXT, "autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("再次输入密码"), max_length=128, widget=forms.PasswordInput(attrs={**TEXT, "autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data
