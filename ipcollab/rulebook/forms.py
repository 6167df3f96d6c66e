from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .jurisdiction import INSTANCES
from .models import CaseCategory, RuleCategory, Verification

DATE_WIDGET = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"})


def _select(choices, label):
    return forms.ChoiceField(
        label=label, choices=[("", _("全部")), *choices], required=False, widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )


class RuleFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), max_length=60, required=False, widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    category = _select(RuleCategory.choices, _("类别"))
    module = forms.CharField(label=_("模块"), max_length=40, required=False, widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    verification = _select(Verification.choices, _("核对状态"))


class RuleAdjustForm(forms.Form):
    """One integer field per adjustable parameter of the rule's schema (the service checks the
    bounds); fixed parameters keep their current values."""

    effective_from = forms.DateField(label=_("新版本生效日期"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("调整理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}))

    def __init__(self, *args, rule, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule
        self.adjustable_keys = []
        props = (rule.parameters_schema or {}).get("properties", {})
        for key, spec in props.items():
            if "const" in spec or spec.get("type") != "integer":
                continue
            lo, hi = spec.get("minimum"), spec.get("maximum")
            help_text = _("允许范围：%(lo)s–%(hi)s") % {"lo": lo, "hi": hi} if lo is not None and hi is not None else ""
            self.fields[f"param_{key}"] = forms.IntegerField(
                label=_("参数 %(key)s") % {"key": key},
                initial=rule.parameters.get(key),
                help_text=help_text,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
            )
            self.adjustable_keys.append(key)
        self.fields["effective_from"].initial = timezone.localdate()
        self.order_fields([f"param_{k}" for k in self.adjustable_keys] + ["effective_from", "reason"])

    def parameters(self):
        params = dict(self.rule.parameters)
        for key in self.adjustable_keys:
            params[key] = self.cleaned_data[f"param_{key}"]
        return params


class FinderForm(forms.Form):
    category = forms.ChoiceField(label=_("案件类别"), choices=CaseCategory.choices, widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    region = forms.CharField(
        label=_("地域（行政区划代码）"),
        max_length=6,
        required=False,
        help_text=_("如 440305 深圳市南山区；国家知识产权局授权确权、药品专利链接案件可留空"),
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "inputmode": "numeric"}),
    )
    on = forms.DateField(label=_("日期"), widget=DATE_WIDGET, help_text=_("立案或裁判日期"))
    instance = forms.ChoiceField(
        label=_("审级"),
        choices=[(i, label) for i, label in zip(INSTANCES, [_("第一审"), _("第二审（上诉）")], strict=True)],
        initial="first",
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    from_court = forms.CharField(
        label=_("一审法院代字"),
        max_length=12,
        required=False,
        help_text=_("第二审时填写，如 苏01、沪73"),
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("instance") == "second" and not data.get("from_court"):
            self.add_error("from_court", _("第二审须指明一审法院。"))
        return data


class TableFilterForm(forms.Form):
    table = forms.ChoiceField(
        label=_("表"),
        choices=[("first", _("一审管辖")), ("appeal", _("上诉路径")), ("adjudication", _("行政裁决管辖"))],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    category = _select(CaseCategory.choices, _("案件类别"))
