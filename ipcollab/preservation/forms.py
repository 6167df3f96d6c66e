from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from ipcollab.orgs.models import Agency

from .models import PeriodUnit, ReturnReason
from .suspension import SUSPENDED_CHOICES, SUSPENDED_CODES

INPUT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the form's clean hands the list to the service, which checks
    type, size and count)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control form-control-sm", "accept": ".pdf,.ofd,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class AttachmentForm(forms.Form):
    attachments = MultipleFileField(label=_("附件"), help_text=_("已签章的裁定书、协助执行通知书的扫描件等；PDF、OFD、JPEG或PNG，每个不超过20 MB"))


class RightLookupForm(forms.Form):
    number = forms.CharField(
        label=_("专利号或商标注册号"),
        max_length=2000,
        help_text=_("一份裁定冻结多件权利的，每行一个编号。"),
        widget=forms.Textarea(attrs={**INPUT, "rows": 3, "placeholder": "ZL 201810557067.3"}),
    )

    def numbers(self):
        text = self.cleaned_data.get("number", "")
        return [line.strip() for line in text.replace("，", "\n").replace(",", "\n").replace("；", "\n").splitlines() if line.strip()]


class OrderForm(forms.Form):
    case_number = forms.CharField(label=_("案号"), max_length=60, widget=forms.TextInput(attrs={**INPUT, "placeholder": "（2026）京73执保1号"}))
    party = forms.ChoiceField(label=_("被冻结权利的当事人"), widget=forms.RadioSelect)
    period_amount = forms.IntegerField(label=_("冻结期限"), min_value=1, max_value=3650, widget=forms.NumberInput(attrs=INPUT))
    period_unit = forms.ChoiceField(label=_("期限单位"), choices=PeriodUnit.choices, initial=PeriodUnit.YEARS, widget=forms.Select(attrs=SELECT))
    suspended = forms.MultipleChoiceField(
        label=_("中止办理的事项"), choices=SUSPENDED_CHOICES, initial=SUSPENDED_CODES, widget=forms.CheckboxSelectMultiple, required=False
    )
    signing_judge = forms.ChoiceField(label=_("签发法官"), widget=forms.Select(attrs=SELECT))
    attachments = MultipleFileField(
        label=_("附件"), required=False, help_text=_("已签章的裁定书、协助执行通知书的扫描件等；PDF、OFD、JPEG或PNG，每个不超过20 MB")
    )

    def __init__(self, *args, holders=(), judges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [(str(rp.party_id), f"{rp.party.name}（{rp.get_role_display()}）") for rp in holders]
        self.fields["signing_judge"].choices = [("", "—")] + [(str(u.pk), u.display_name) for u in judges]


class RenewForm(forms.Form):
    period_amount = forms.IntegerField(label=_("续行期限"), min_value=1, max_value=3650, widget=forms.NumberInput(attrs=INPUT))
    period_unit = forms.ChoiceField(label=_("期限单位"), choices=PeriodUnit.choices, initial=PeriodUnit.YEARS, widget=forms.Select(attrs=SELECT))


class ReturnForm(forms.Form):
    reason = forms.ChoiceField(label=_("退回原因"), choices=ReturnReason.choices, widget=forms.Select(attrs=SELECT))


class ConvertForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("移交事由"),
        choices=[("enforcement", _("案件进入执行（转为执行冻结）")), ("appeal", _("上诉（二审法院承继）"))],
        widget=forms.Select(attrs=SELECT),
    )
    successor = forms.ModelChoiceField(label=_("承继的法院"), queryset=Agency.objects.filter(kind="court").order_by("code"), widget=forms.Select(attrs=SELECT))


class DisposeForm(forms.Form):
    new_owner = forms.CharField(label=_("受让人"), max_length=200, widget=forms.TextInput(attrs=INPUT))


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("承办人"), queryset=get_user_model().objects.none(), widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = get_user_model().objects.filter(pk__in=[u.pk for u in candidates])


class InquiryForm(forms.Form):
    case_number = forms.CharField(label=_("案号"), max_length=60, widget=forms.TextInput(attrs={**INPUT, "placeholder": "（2026）京73执保1号"}))
    number = forms.CharField(label=_("专利号或商标注册号"), max_length=40, required=False, widget=forms.TextInput(attrs=INPUT))
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False, widget=forms.TextInput(attrs=INPUT))
    party_name = forms.CharField(label=_("当事人名称"), max_length=200, required=False, widget=forms.TextInput(attrs=INPUT))
    after = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
