"""Forms of the deadlines pages: input shape only; the rules live in the engine and services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ipcollab.core.models import Visibility

from .engine import MAX_AMOUNT
from .models import DayKind, RecipientRole, ServiceMethod, ServiceRegime

UNIT_CHOICES = [
    ("days", _("日（自然日）")),
    ("working_days", _("工作日")),
    ("months", _("月")),
    ("years", _("年")),
]


class _Bootstrap:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            css = "form-check-input" if isinstance(widget, forms.CheckboxInput) else "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CalculatorForm(_Bootstrap, forms.Form):
    start = forms.DateField(label=_("起算日（不计入期间）"), widget=DateInput(), help_text=_("如：送达日、决定作出日"))
    amount = forms.IntegerField(label=_("期间长度"), min_value=1, max_value=max(MAX_AMOUNT.values()))
    unit = forms.ChoiceField(label=_("单位"), choices=UNIT_CHOICES)
    roll_forward = forms.BooleanField(label=_("届满日为休息日时顺延至其后第一个工作日"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CalendarDayForm(_Bootstrap, forms.Form):
    date = forms.DateField(label=_("日期"), widget=DateInput())
    kind = forms.ChoiceField(label=_("类别"), choices=DayKind.choices)
    name = forms.CharField(label=_("名称"), max_length=60, required=False, help_text=_("如：春节、国庆节、劳动节"))
    note = forms.CharField(label=_("备注"), max_length=300, required=False)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["date"]
        self._style()


class CalendarDayRemoveForm(_Bootstrap, forms.Form):
    reason = forms.CharField(label=_("删除原因"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CalendarYearForm(_Bootstrap, forms.Form):
    published = forms.BooleanField(label=_("已发布（按该年度安排计算期限）"), required=False)
    source = forms.CharField(label=_("来源"), max_length=120, required=False, help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知"))
    published_on = forms.DateField(label=_("通知发布日期"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)
    confirm_empty = forms.BooleanField(label=_("确认该年度确无法定节假日记录仍予发布"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class DispatchForm(_Bootstrap, forms.Form):
    document_title = forms.CharField(label=_("文书名称"), max_length=200)
    document_number = forms.CharField(label=_("文书编号"), max_length=100, required=False)
    recipient_name = forms.CharField(label=_("受送达人"), max_length=200)
    recipient_role = forms.ChoiceField(label=_("受送达人身份"), choices=RecipientRole.choices, initial=RecipientRole.OTHER)
    regime = forms.ChoiceField(label=_("送达依据"), choices=ServiceRegime.choices)
    method = forms.ChoiceField(label=_("送达方式"), choices=ServiceMethod.choices)
    dispatched_at = forms.DateTimeField(
        label=_("发出时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    dispatch_reference = forms.CharField(label=_("发出凭证"), max_length=200, required=False, help_text=_("如：邮件号、电子送达平台流水号、公告版面"))
    visibility = forms.ChoiceField(label=_("可见范围"), choices=Visibility.choices, initial=Visibility.PRIVATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ReceiptForm(_Bootstrap, forms.Form):
    received_on = forms.DateField(label=_("实际送达日"), widget=DateInput())
    proof = forms.CharField(label=_("送达证明"), max_length=300, help_text=_("如：送达回证编号、签收记录、电子系统回执"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ServiceDeadlineForm(_Bootstrap, forms.Form):
    amount = forms.IntegerField(label=_("期间长度"), min_value=1, max_value=max(MAX_AMOUNT.values()))
    unit = forms.ChoiceField(label=_("单位"), choices=UNIT_CHOICES)
    roll_forward = forms.BooleanField(label=_("届满日为休息日时顺延"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
