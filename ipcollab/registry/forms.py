import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from ipcollab.core.models import Visibility

from .labels import FIRM_NUMBER_LABEL
from .models import PartyKind, PatentKind, RepresentativeKind, RightKind, Scope, SpecialPower

TEXT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}
DATE = {"class": "form-control form-control-sm", "type": "date"}


def _text(label, max_length, required=False, help_text=""):
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text, widget=forms.TextInput(attrs=TEXT))


class PartySearchForm(forms.Form):
    q = _text(_("名称或统一社会信用代码"), 100)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部")), *PartyKind.choices], widget=forms.Select(attrs=SELECT))


class PartyEditForm(forms.Form):
    credit_code = _text(_("统一社会信用代码"), 30, help_text=_("组织填写18位代码；自然人留空"))
    id_number = _text(_("身份证件号码"), 30, help_text=_("仅自然人"))
    nationality = _text(_("国籍/地区"), 2, required=True, help_text=_("两位字母代码，如 CN"))
    region_code = _text(_("行政区划代码"), 6, help_text=_("六位代码，仅中国当事人"))
    address = _text(_("地址"), 300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].initial = "CN"


class PartyCreateForm(PartyEditForm):
    kind = forms.ChoiceField(label=_("类别"), choices=PartyKind.choices, widget=forms.Select(attrs=SELECT))
    name = _text(_("名称/姓名"), 200, required=True)
    field_order = ["kind", "name", "credit_code", "id_number", "nationality", "region_code", "address"]


class PartyRenameForm(forms.Form):
    name = _text(_("新名称"), 200, required=True)
    changed_on = forms.DateField(label=_("变更日期"), required=False, help_text=_("新名称启用之日；留空为今日"), widget=forms.DateInput(attrs=DATE))
    reason = _text(_("变更原因"), 300)


class PartyMergeForm(forms.Form):
    duplicate = forms.IntegerField(
        label=_("要合并的重复记录编号"),
        min_value=1,
        max_value=2**63 - 1,
        widget=forms.NumberInput(attrs=TEXT),
        help_text=_("该记录的曾用名和授权委托将转至本当事人"),
    )
    reason = _text(_("合并理由"), 300)


class RevealForm(forms.Form):
    reason = _text(_("查看理由"), 300, required=True, help_text=_("查看将记入审计日志"))


class RepresentativeSearchForm(forms.Form):
    q = _text(_("名称、执业证号或信用代码"), 100)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部")), *RepresentativeKind.choices], widget=forms.Select(attrs=SELECT))


class RepresentativeForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=RepresentativeKind.choices, widget=forms.Select(attrs=SELECT))
    name = _text(_("名称/姓名"), 200, required=True)
    licence_number = _text(_("执业证号/机构代码"), 40)
    firm = forms.IntegerField(
        label=FIRM_NUMBER_LABEL,
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        widget=forms.NumberInput(attrs=TEXT),
        help_text=_("律师或专利代理师所在的律所或代理机构"),
    )
    credit_code = _text(_("统一社会信用代码"), 30, help_text=_("仅律所和代理机构"))


class RepresentativeEditForm(RepresentativeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


class PowerOfAttorneyForm(forms.Form):
    representative = forms.IntegerField(label=_("代理人编号"), min_value=1, max_value=2**63 - 1, widget=forms.NumberInput(attrs=TEXT))
    matter = _text(_("委托事项"), 300, required=True)
    scope = forms.ChoiceField(label=_("授权范围"), choices=Scope.choices, widget=forms.Select(attrs=SELECT))
    special_powers = forms.MultipleChoiceField(label=_("特别授权事项"), required=False, choices=SpecialPower.choices, widget=forms.CheckboxSelectMultiple)
    valid_from = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs=DATE))
    valid_to = forms.DateField(label=_("终止日期"), required=False, widget=forms.DateInput(attrs=DATE))
    document_reference = _text(_("授权委托书编号"), 100)


class RevokeForm(forms.Form):
    reason = _text(_("撤销原因"), 300)


def apply_service_error(form, exc):
    """Show a ServiceError on the form: field messages where the form has the field."""
    for field, msgs in exc.fields.items():
        if field in form.fields:
            for msg in msgs if isinstance(msgs, list) else [msgs]:
                form.add_error(field, str(msg))
    form.add_error(None, str(exc.message))


# --- rights ---------------------------------------------------------------------------------------


class RightSearchForm(forms.Form):
    q = _text(_("申请号/注册号、名称、商标或权利人"), 200)
    kind = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部")), ("patent", _("专利")), ("trademark", _("商标"))], widget=forms.Select(attrs=SELECT)
    )


class LegalEventForm(forms.Form):
    type = forms.ChoiceField(label=_("事件类型"), widget=forms.Select(attrs=SELECT))
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs=DATE))
    outcome = forms.ChoiceField(label=_("决定结果"), required=False, widget=forms.Select(attrs=SELECT), help_text=_("仅无效宣告决定、异议决定填写"))
    owner = _text(_("新权利人"), 200, help_text=_("转让、名称变更时填写"))
    term_ends = forms.DateField(label=_("有效期至"), required=False, widget=forms.DateInput(attrs=DATE), help_text=_("注册、续展时填写"))
    international_number = _text(_("国际注册号"), 10, help_text=_("马德里国际注册指定时填写"))

    def __init__(self, *args, kind, **kwargs):
        from .labels import event_choices, outcome_choices

        super().__init__(*args, **kwargs)
        self.fields["type"].choices = event_choices(kind)
        self.fields["outcome"].choices = [("", "—"), *outcome_choices()]

    def details(self):
        data = self.cleaned_data
        details = {}
        if data.get("owner"):
            details["owner"] = data["owner"]
        if data.get("term_ends"):
            details["term_ends"] = data["term_ends"].isoformat()
        if data.get("international_number"):
            details["international_number"] = data["international_number"]
        return details


class ReconciliationResolveForm(forms.Form):
    action = forms.ChoiceField(label=_("处理"), choices=[("apply", _("登记")), ("reject", _("驳回"))], widget=forms.Select(attrs=SELECT))
    note = _text(_("处理说明"), 500)


# --- registering and editing a right ---------------------------------------------------------------

LIST_SEPARATORS = re.compile(r"[,;，；、\n]+")


def split_list(text):
    """Items of a list typed as text (commas, semicolons, 、 or new lines; full-width too)."""
    text = unicodedata.normalize("NFKC", text or "")
    return [item.strip() for item in LIST_SEPARATORS.split(text) if item.strip()]


def parse_nice_text(text):
    """``9: 0901 0907; 35: 3501`` (one class per line or per semicolon; full-width punctuation
    accepted) → ``[{"class": 9, "groups": ["0901", "0907"]}, {"class": 35, "groups": ["3501"]}]``.
    Raises ValidationError on a line it cannot read; the service checks the values."""
    text = unicodedata.normalize("NFKC", text or "")
    out = []
    for line in re.split(r"[;\n]+", text):
        line = line.strip()
        if not line:
            continue
        klass, _sep, groups = line.partition(":")
        klass = klass.strip().removeprefix("第").removesuffix("类").strip()
        if not klass.isdigit():
            raise forms.ValidationError(_("无法识别的尼斯分类：%(line)s（格式如 9: 0901 0907; 35: 3501）"), params={"line": line[:40]})
        out.append({"class": int(klass), "groups": [g for g in re.split(r"[,、\s]+", groups) if g]})
    return out


def nice_text(classes):
    return "\n".join(f"{c['class']}: {' '.join(c.get('groups') or [])}".strip() for c in classes or [])


class _RightFieldsForm(forms.Form):
    title = _text(_("名称/商标文字"), 500, required=True)
    ipc_codes = _text(_("IPC分类号"), 2000, help_text=_("多个以逗号或分号分隔，如 G06F 16/245; G06N 3/08（专利）"))
    nice_classes = forms.CharField(
        label=_("尼斯分类及类似群"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
        help_text=_("每行一个类别：类别号: 类似群，如 9: 0901 0907（商标）"),
    )
    classification_edition = _text(_("分类表版本"), 40, help_text=_("如 NCL12-2024"))

    def clean_ipc_codes(self):
        return split_list(self.cleaned_data.get("ipc_codes"))

    def clean_nice_classes(self):
        return parse_nice_text(self.cleaned_data.get("nice_classes"))


class RightCreateForm(_RightFieldsForm):
    kind = forms.ChoiceField(label=_("权利类别"), choices=RightKind.choices, widget=forms.Select(attrs=SELECT))
    number = _text(_("申请号/注册号"), 40, required=True, help_text=_("任何写法均可，如 ZL 2018 1 0557067.3；保存时规范化并核对校验位"))
    filing_date = forms.DateField(label=_("申请日"), widget=forms.DateInput(attrs=DATE))
    patent_kind = forms.ChoiceField(
        label=_("专利类型"),
        required=False,
        choices=[("", _("按申请号确定")), *PatentKind.choices],
        widget=forms.Select(attrs=SELECT),
        help_text=_("仅专利；须与申请号中的申请种类数字一致"),
    )
    applicants = _text(_("申请人/权利人编号"), 500, help_text=_("当事人编号，多个以逗号分隔，按顺序；第一位为权利人（可在当事人列表中查找编号）"))
    visibility = forms.ChoiceField(label=_("可见范围"), choices=Visibility.choices, initial=Visibility.PUBLIC, widget=forms.Select(attrs=SELECT))
    field_order = ["kind", "number", "title", "filing_date", "patent_kind", "ipc_codes", "nice_classes", "classification_edition", "applicants", "visibility"]

    def clean_applicants(self):
        ids = []
        for item in re.split(r"[,;，；、\s]+", unicodedata.normalize("NFKC", self.cleaned_data.get("applicants") or "")):
            if not item:
                continue
            if not item.isdigit() or not 0 < int(item) < 2**63:
                raise forms.ValidationError(_("当事人编号须为正整数：%(item)s"), params={"item": item[:20]})
            ids.append(int(item))
        return ids


class RightEditForm(_RightFieldsForm):
    mark_image = forms.FileField(
        label=_("商标图样"),
        required=False,
        widget=forms.FileInput(attrs={**TEXT, "accept": "image/png,image/jpeg"}),
        help_text=_("PNG或JPEG，不超过2 MB"),
    )
    remove_mark_image = forms.BooleanField(label=_("删除现有商标图样"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args, right, **kwargs):
        super().__init__(*args, **kwargs)
        if right.kind != RightKind.TRADEMARK:
            for name in ("nice_classes", "classification_edition", "mark_image", "remove_mark_image"):
                del self.fields[name]
        else:
            del self.fields["ipc_codes"]
        if right.kind == RightKind.TRADEMARK and not right.mark_image:
            del self.fields["remove_mark_image"]
        if not self.is_bound:
            self.initial.update(
                title=right.title,
                ipc_codes="; ".join(right.ipc_codes or []),
                nice_classes=nice_text(right.nice_classes),
                classification_edition=right.classification_edition,
            )

    def changes(self):
        data = dict(self.cleaned_data)
        if data.get("mark_image") in (None, False):
            data.pop("mark_image", None)
        if not data.get("remove_mark_image"):
            data.pop("remove_mark_image", None)
        return data
