"""Forms of the standards-feedback pages. They only shape input; feedback.py decides."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms_rounds import INPUT, SELECT, DateInput, agency_choices
from .models import FeedbackArea

MAX_NUMBERS = 50


class FeedbackForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, widget=forms.TextInput(attrs=INPUT))
    area = forms.ChoiceField(label=_("领域"), choices=FeedbackArea.choices, widget=forms.Select(attrs=SELECT))
    counterpart = forms.TypedChoiceField(label=_("对口单位"), coerce=int, widget=forms.Select(attrs=SELECT))
    description = forms.CharField(label=_("问题描述"), max_length=20000, widget=forms.Textarea(attrs={**INPUT, "rows": 4}))
    administrative_standard = forms.CharField(label=_("行政标准的把握"), required=False, max_length=20000, widget=forms.Textarea(attrs={**INPUT, "rows": 3}))
    judicial_standard = forms.CharField(label=_("司法标准的把握"), required=False, max_length=20000, widget=forms.Textarea(attrs={**INPUT, "rows": 3}))
    numbers = forms.CharField(
        label=_("相关案件"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={**INPUT, "rows": 3}),
        help_text=_("每行一个案号或案件编号，如（2026）京73行初1号、无效宣告请求审查决定的案件编号"),
    )

    def __init__(self, *args, agency_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counterpart"].choices = agency_choices(exclude=agency_id)

    def clean_numbers(self):
        seen, numbers = set(), []
        for line in (self.cleaned_data.get("numbers") or "").replace("，", "\n").replace(",", "\n").splitlines():
            number = line.strip()
            if number and number not in seen:
                seen.add(number)
                numbers.append(number)
        if len(numbers) > MAX_NUMBERS:
            raise forms.ValidationError(_("相关案件不能超过%(n)d件。") % {"n": MAX_NUMBERS})
        return numbers


class DiscussForm(forms.Form):
    body = forms.CharField(label=_("讨论内容"), max_length=20000, widget=forms.Textarea(attrs={**INPUT, "rows": 3}))


class ProposeForm(forms.Form):
    meeting = forms.TypedChoiceField(label=_("会商会议"), coerce=int, widget=forms.Select(attrs=SELECT))
    background = forms.CharField(label=_("背景"), required=False, max_length=10000, widget=forms.Textarea(attrs={**INPUT, "rows": 3}))

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [(m.pk, f"{m.title}（{timezone.localtime(m.starts_at):%Y-%m-%d}）") for m in meetings]


class ResolveForm(forms.Form):
    document = forms.TypedChoiceField(label=_("据以解决的文件"), coerce=int, widget=forms.Select(attrs=SELECT))
    resolution = forms.CharField(label=_("解决情况"), max_length=20000, widget=forms.Textarea(attrs={**INPUT, "rows": 3}))
    resolved_on = forms.DateField(label=_("解决日期"), required=False, widget=DateInput())

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [(d.pk, f"{d.number or d.title}（{d.get_kind_display()}）") for d in documents]


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("不予处理的理由"), max_length=2000, widget=forms.Textarea(attrs={**INPUT, "rows": 2}))
