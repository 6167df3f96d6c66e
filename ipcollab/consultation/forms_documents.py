"""Forms of the consensus-document pages. They only shape input (ids as strings, checked through
parse_pk by the views); documents.py decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CommentStatus, DocumentKind, DocumentStatus

TEXT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}
DATE = {"class": "form-control form-control-sm", "type": "date"}
MAX_ITEMS = 20


class DocumentFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部")), *DocumentKind.choices], widget=forms.Select(attrs=SELECT))
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *DocumentStatus.choices], widget=forms.Select(attrs=SELECT))
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100, widget=forms.NumberInput(attrs=TEXT))
    q = forms.CharField(label=_("文号或标题"), required=False, max_length=60, widget=forms.TextInput(attrs=TEXT))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=DocumentKind.choices, widget=forms.Select(attrs=SELECT))
    title = forms.CharField(label=_("标题"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    number = forms.CharField(
        label=_("文号"), required=False, max_length=60, help_text=_("可在提交会签时填写，如 法知会〔2026〕3号"), widget=forms.TextInput(attrs=TEXT)
    )
    signatories = forms.MultipleChoiceField(
        label=_("会签单位"),
        required=False,
        help_text=_("会议纪要由参会单位会签，可不选；会签文件、指导意见须选择，包括本单位"),
        widget=forms.SelectMultiple(attrs={**SELECT, "size": 6}),
    )
    main_recipients = forms.CharField(label=_("主送"), required=False, max_length=300, widget=forms.TextInput(attrs=TEXT))
    copy_to = forms.CharField(label=_("抄送"), required=False, max_length=300, widget=forms.TextInput(attrs=TEXT))
    text = forms.CharField(
        label=_("正文"), max_length=100_000, help_text=_("段落之间空一行；审阅意见按段落编号"), widget=forms.Textarea(attrs={**TEXT, "rows": 14})
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatories"].choices = [(str(a.pk), a.name) for a in agencies]


class ItemForm(forms.Form):
    text = forms.CharField(label=_("共识事项"), required=False, max_length=2000, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    responsible_agency = forms.ChoiceField(label=_("责任单位"), required=False, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_agency"].choices = [("", "—"), *[(str(a.pk), a.name) for a in agencies]]

    def clean(self):
        data = super().clean()
        if (data.get("text") or "").strip() and not data.get("responsible_agency"):
            self.add_error("responsible_agency", _("请选择责任单位。"))
        return data


ItemFormSet = forms.formset_factory(ItemForm, extra=2, max_num=MAX_ITEMS, validate_max=True, absolute_max=MAX_ITEMS)


def item_formset(data=None, *, agencies=(), initial=None):
    return ItemFormSet(data, prefix="items", initial=initial, form_kwargs={"agencies": agencies})


def items_from(formset, agencies):
    """The filled rows as the services take them: {"text", "responsible_agency": Agency}."""
    by_pk = {str(a.pk): a for a in agencies}
    rows = []
    for form in formset.forms:
        text = (form.cleaned_data.get("text") or "").strip()
        if text:
            rows.append({"text": text, "responsible_agency": by_pk[form.cleaned_data["responsible_agency"]]})
    return rows


class ReviseForm(forms.Form):
    text = forms.CharField(label=_("正文"), max_length=100_000, widget=forms.Textarea(attrs={**TEXT, "rows": 16}))
    note = forms.CharField(label=_("修改说明"), required=False, max_length=300, widget=forms.TextInput(attrs=TEXT))


class CommentForm(forms.Form):
    paragraph = forms.IntegerField(min_value=1, max_value=32767, widget=forms.HiddenInput)
    body = forms.CharField(label=_("意见"), max_length=5000, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("处理情况"),
        choices=[(CommentStatus.ADOPTED, _("采纳")), (CommentStatus.PARTLY, _("部分采纳")), (CommentStatus.NOT_ADOPTED, _("未采纳"))],
        widget=forms.Select(attrs=SELECT),
    )
    response = forms.CharField(label=_("答复"), max_length=5000, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class CirculateForm(forms.Form):
    review_deadline = forms.DateField(label=_("审阅截止日"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class OpenSigningForm(forms.Form):
    number = forms.CharField(label=_("文号"), required=False, max_length=60, widget=forms.TextInput(attrs=TEXT))
    issued_on = forms.DateField(
        label=_("成文日期"), required=False, help_text=_("留空则为最后一个单位签署之日"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )


class SignForm(forms.Form):
    text_hash = forms.CharField(max_length=64, widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("我已核对上述文本及其 SHA-256 哈希，代表本单位签署"))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), max_length=200, widget=forms.TextInput(attrs=TEXT))


class DiffForm(forms.Form):
    a = forms.IntegerField(min_value=1, max_value=32767)
    b = forms.IntegerField(min_value=1, max_value=32767)
