"""Forms of the proceedings pages: they check types (dates, numbers, choices); the services check
the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import causes, outcomes
from .models import OFFICE_KINDS, AssignmentRole, Declaration, DocumentKind, DrugType, Kind, Procedure, ServiceMethod, Stage, Status, Track

DATE = {"type": "date"}


class StyledForm(forms.Form):
    """Bootstrap classes on every widget (small controls, as on the other desks)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control form-control-sm")


ALL = _("全部")


def _choices(pairs, blank=ALL):
    return [("", blank), *pairs]


class ListFilter(StyledForm):
    q = forms.CharField(label=_("案号/名称"), required=False, max_length=60)
    track = forms.ChoiceField(label=_("类别"), required=False, choices=_choices(Track.choices))
    kind = forms.ChoiceField(label=_("程序种类"), required=False, choices=_choices(Kind.choices))
    stage = forms.ChoiceField(label=_("审级/阶段"), required=False, choices=_choices(Stage.choices))
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_choices(Status.choices))
    result = forms.ChoiceField(label=_("结果"), required=False, choices=_choices(list(outcomes.RESULTS.items())))
    cause = forms.ChoiceField(label=_("案由"), required=False, choices=_choices(causes.CHOICES))
    agency = forms.IntegerField(label=_("承办机构"), required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    party = forms.IntegerField(label=_("当事人"), required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    right = forms.IntegerField(label=_("权利"), required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    filed_from = forms.DateField(label=_("立案/受理自"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    filed_to = forms.DateField(label=_("立案/受理至"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    closed_from = forms.DateField(label=_("结案/决定自"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    closed_to = forms.DateField(label=_("结案/决定至"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    fast_track = forms.BooleanField(label=_("仅快速办理"), required=False)
    in_litigation = forms.BooleanField(label=_("仅涉案权利在诉"), required=False)


class DrugFields(forms.Form):
    """The drug-linkage facts (药品专利链接), on a court case or a CNIPA ruling."""

    drug_name = forms.CharField(label=_("药品名称（药品专利链接案件）"), max_length=200, required=False)
    application_number = forms.CharField(label=_("仿制药上市许可申请受理号"), max_length=40, required=False)
    drug_type = forms.ChoiceField(label=_("药品类型"), choices=_choices(DrugType.choices, "—"), required=False)
    declaration = forms.ChoiceField(label=_("声明类型"), choices=_choices(Declaration.choices, "—"), required=False)
    published_on = forms.DateField(label=_("药审中心公开日期"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def drug_linkage(self):
        d = self.cleaned_data
        if not any(d.get(k) for k in ("drug_name", "application_number", "drug_type", "declaration", "published_on")):
            return None
        return {k: d.get(k) for k in ("drug_name", "application_number", "drug_type", "declaration", "published_on")}


class CaseForm(DrugFields, StyledForm):
    field_order = [
        "number",
        "cause",
        "title",
        "filed_on",
        "plaintiffs",
        "defendants",
        "rights",
        "judge",
        "clerk",
        "previous",
        "reviewed",
        "complaint_served_on",
        "foreign_defendant",
        "procedure",
    ]
    number = forms.CharField(label=_("案号"), max_length=60, help_text=_("如（2026）京73民初101号"))
    cause = forms.ChoiceField(label=_("案由"), choices=causes.CHOICES)
    title = forms.CharField(label=_("案件名称"), max_length=300, required=False)
    filed_on = forms.DateField(label=_("立案日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    plaintiffs = forms.CharField(
        label=_("原告/上诉人/再审申请人（名称或统一社会信用代码，每行一个）"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    defendants = forms.CharField(
        label=_("被告/被上诉人/被申请人（名称或统一社会信用代码，每行一个）"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    rights = forms.CharField(
        label=_("涉及的权利（申请号/注册号，每行一个；可加“:1,2,3”列明权利要求）"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    judge = forms.TypedChoiceField(label=_("承办法官"), required=False, coerce=int, empty_value=None)
    clerk = forms.TypedChoiceField(label=_("书记员"), required=False, coerce=int, empty_value=None)
    previous = forms.CharField(label=_("前审案号（上诉、再审案件）"), max_length=60, required=False)
    reviewed = forms.CharField(label=_("被诉决定所在程序的案件编号（行政案件）"), max_length=60, required=False)
    complaint_served_on = forms.DateField(label=_("起诉状副本送达被告日期"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    foreign_defendant = forms.BooleanField(label=_("被告在中国境内没有住所"), required=False)
    procedure = forms.ChoiceField(
        label=_("审理程序"), choices=Procedure.choices, required=False, help_text=_("简易程序只适用于基层人民法院审理的第一审民事案件。")
    )

    def __init__(self, *args, judges=(), clerks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].choices = [("", "—"), *[(u.pk, u.full_name or u.username) for u in judges]]
        self.fields["clerk"].choices = [("", "—"), *[(u.pk, u.full_name or u.username) for u in clerks]]


class OfficeForm(DrugFields, StyledForm):
    field_order = ["kind", "number", "right", "claims", "filed_on", "requester", "grounds", "evidence"]
    kind = forms.ChoiceField(label=_("程序种类"), choices=[(k.value, k.label) for k in OFFICE_KINDS])
    number = forms.CharField(label=_("案件编号"), max_length=60, help_text=_("如无效宣告案件编号 4W120001"))
    right = forms.CharField(label=_("权利（申请号/注册号）"), max_length=30)
    claims = forms.CharField(label=_("请求宣告无效的权利要求（如 1,2,3；留空为全部）"), max_length=200, required=False)
    filed_on = forms.DateField(label=_("受理日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    requester = forms.CharField(label=_("请求人（名称或统一社会信用代码）"), max_length=200)
    grounds = forms.CharField(label=_("理由（每行一项）"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence = forms.CharField(label=_("证据清单（每行一项）"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class StayForm(StyledForm):
    started_on = forms.DateField(label=_("中止日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("中止理由"), max_length=300)
    basis = forms.IntegerField(label=_("所依据的无效程序"), required=False, min_value=1, max_value=2**63 - 1)


class LiftForm(StyledForm):
    ended_on = forms.DateField(label=_("恢复审理日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class CloseForm(StyledForm):
    result = forms.ChoiceField(label=_("结果"), choices=list(outcomes.RESULTS.items()))
    disposition = forms.ChoiceField(label=_("结案方式"), choices=_choices(list(outcomes.DISPOSITIONS.items()), _("按结果确定")), required=False)
    closed_on = forms.DateField(label=_("结案日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    decision_number = forms.CharField(label=_("裁判文书号"), max_length=60, required=False)


class DecideForm(StyledForm):
    result = forms.ChoiceField(label=_("决定结果"), choices=list(outcomes.RESULTS.items()))
    decided_on = forms.DateField(label=_("决定日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    decision_number = forms.CharField(label=_("决定号"), max_length=60, required=False)
    surviving_claims = forms.CharField(label=_("维持有效的权利要求（部分无效时填写，如 1,4,5）"), max_length=200, required=False)


class ServeForm(StyledForm):
    document = forms.IntegerField(label=_("文书"), min_value=1, max_value=2**63 - 1, required=False)
    party = forms.IntegerField(label=_("受送达人"), min_value=1, max_value=2**63 - 1)
    method = forms.ChoiceField(label=_("送达方式"), choices=ServiceMethod.choices)
    served_on = forms.DateField(label=_("送达日期"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    sent_on = forms.DateField(label=_("发出日期（无送达回证时推定送达）"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class AssignForm(StyledForm):
    role = forms.ChoiceField(label=_("职责"), choices=AssignmentRole.choices)
    user = forms.IntegerField(label=_("人员"), min_value=1, max_value=2**63 - 1)
    delegated = forms.BooleanField(label=_("临时委托"), required=False)
    reason = forms.CharField(label=_("原因"), max_length=300)


class ExtendForm(StyledForm):
    amount = forms.IntegerField(label=_("延长期限"), min_value=1, max_value=366)
    unit = forms.ChoiceField(label=_("单位"), choices=[("months", _("个月")), ("days", _("日"))])
    approved_on = forms.DateField(label=_("批准日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    approved_by = forms.CharField(label=_("批准人"), max_length=100)
    reason = forms.CharField(label=_("理由"), max_length=300)


class ConvertProcedureForm(StyledForm):
    converted_on = forms.DateField(label=_("转为普通程序日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("理由"), max_length=300)


class FastTrackForm(StyledForm):
    fast_track = forms.BooleanField(label=_("快速办理"), required=False)
    reason = forms.CharField(label=_("关联的重大侵权纠纷"), max_length=300, required=False)


class LinkForm(StyledForm):
    other = forms.CharField(label=_("关联程序的案号/案件编号"), max_length=60)
    reason = forms.CharField(label=_("关联理由"), max_length=300)


class UnlinkForm(StyledForm):
    link = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    reason = forms.CharField(label=_("取消关联的理由"), max_length=300)


class SuggestionForm(StyledForm):
    suggestion = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    accept = forms.TypedChoiceField(choices=[("1", _("确认")), ("0", _("拒绝"))], coerce=lambda v: v == "1")


class PriorityRequestForm(StyledForm):
    proceeding = forms.IntegerField(label=_("无效宣告程序"), min_value=1, max_value=2**63 - 1)
    reason = forms.CharField(label=_("请求理由"), max_length=500)


class PriorityDecideForm(StyledForm):
    request = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    grant = forms.TypedChoiceField(label=_("处理"), choices=[("1", _("准予优先审查")), ("0", _("不予优先审查"))], coerce=lambda v: v == "1")
    reason = forms.CharField(label=_("理由"), max_length=500)


class ReportOrderForm(StyledForm):
    right = forms.IntegerField(label=_("专利"), min_value=1, max_value=2**63 - 1)
    ordered_on = forms.DateField(label=_("责令日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class DocumentForm(StyledForm):
    kind = forms.ChoiceField(label=_("文书种类"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("文书名称"), max_length=200)
    number = forms.CharField(label=_("文书编号"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("作出日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


def parse_claims(text):
    """“1,2, 3” → [1, 2, 3]; None when the text is not a list of numbers."""
    text = (text or "").replace("，", ",").replace("、", ",").strip()
    if not text:
        return []
    out = []
    for piece in text.split(","):
        piece = piece.strip()
        if not piece.isdigit() or len(piece) > 4:
            return None
        out.append(int(piece))
    return out


class ReportRequestForm(StyledForm):
    right = forms.CharField(label=_("专利号"), max_length=30)
    requester = forms.CharField(label=_("请求人（名称或统一社会信用代码）"), max_length=200)
    requested_on = forms.DateField(label=_("请求日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class ReportIssueForm(StyledForm):
    report = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    number = forms.CharField(label=_("报告编号"), max_length=40)
    issued_on = forms.DateField(label=_("出具日期"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    defects_found = forms.TypedChoiceField(
        label=_("结论"), choices=[("0", _("未发现不符合授权条件的缺陷")), ("1", _("发现不符合授权条件的缺陷"))], coerce=lambda v: v == "1"
    )
    conclusion = forms.CharField(label=_("结论说明"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    claims_without_defect = forms.CharField(label=_("未发现缺陷的权利要求（如 1,2,3）"), max_length=200, required=False)
