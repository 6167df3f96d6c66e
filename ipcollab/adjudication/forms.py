"""Forms of the adjudication pages: they check types; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ipcollab.proceedings.forms import StyledForm

from .models import Decision, RequesterStatus, Ruling, Stage

DATE = {"type": "date"}
DATETIME = {"type": "datetime-local"}
BIG = 2**63 - 1


def date_field(label, required=True):
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


def dt_field(label):
    return forms.DateTimeField(
        label=label, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M")
    )


def pk_field(label, required=True):
    return forms.IntegerField(label=label, required=required, min_value=1, max_value=BIG)


class ListFilter(StyledForm):
    q = forms.CharField(label=_("案号/名称/专利号"), required=False, max_length=60)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), ("open", _("办理中")), ("suspended", _("中止")), ("closed", _("已结束"))]
    )
    stage = forms.ChoiceField(label=_("阶段"), required=False, choices=[("", _("全部")), *Stage.choices])
    overdue = forms.BooleanField(label=_("仅逾期"), required=False)


class FiguresFilter(StyledForm):
    start = date_field(_("起始日期"), required=False)
    end = date_field(_("截止日期"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("截止日期不能早于起始日期。"))
        return data


class RequestForm(StyledForm):
    right = forms.CharField(label=_("专利号"), max_length=40, help_text=_("如 ZL202120345678.9"))
    claims = forms.CharField(label=_("主张的权利要求"), max_length=200, required=False, help_text=_("以逗号分隔，如 1,2"))
    requester = forms.CharField(label=_("请求人（名称或统一社会信用代码）"), max_length=200)
    requester_status = forms.ChoiceField(label=_("请求人身份"), choices=RequesterStatus.choices)
    respondent = forms.CharField(label=_("被请求人（名称或统一社会信用代码）"), max_length=200)
    region = forms.CharField(label=_("侵权行为地（行政区划代码）"), max_length=6, help_text=_("如 110108（北京市海淀区）"))
    major = forms.BooleanField(label=_("全国有重大影响的纠纷"), required=False)
    received_on = date_field(_("收到请求日期"))
    title = forms.CharField(label=_("案件名称"), max_length=300, required=False)
    facts = forms.CharField(label=_("请求事项与事实理由"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.CharField(label=_("证据清单（每行一项）"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


def parse_claims(text):
    text = (text or "").replace("，", ",").replace("、", ",").strip()
    if not text:
        return []
    out = []
    for part in text.split(","):
        part = part.strip()
        if not part.isdigit() or len(part) > 4:
            return None
        out.append(int(part))
    return out


class AcceptForm(StyledForm):
    accepted_on = date_field(_("立案日期"))
    handlers = forms.MultipleChoiceField(label=_("承办人（第一位为主办）"), choices=[])


class AssignForm(StyledForm):
    handlers = forms.MultipleChoiceField(label=_("承办人（第一位为主办）"), choices=[])


class RefuseForm(StyledForm):
    refused_on = date_field(_("不予受理日期"))
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class HearingForm(StyledForm):
    room = pk_field(_("审理室"))
    starts_at = dt_field(_("开始时间"))
    ends_at = dt_field(_("结束时间"))

    def __init__(self, *args, rooms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"] = forms.TypedChoiceField(label=_("审理室"), coerce=int, choices=[(r.pk, str(r)) for r in rooms])
        self.fields["room"].widget.attrs["class"] = "form-select form-select-sm"


class SuspendForm(StyledForm):
    invalidation = pk_field(_("无效宣告程序"))
    started_on = date_field(_("中止日期"))
    reason = forms.CharField(label=_("理由"), required=False, max_length=500)

    def __init__(self, *args, invalidations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invalidation"] = forms.TypedChoiceField(label=_("无效宣告程序"), coerce=int, choices=[(p.pk, p.number) for p in invalidations])
        self.fields["invalidation"].widget.attrs["class"] = "form-select form-select-sm"


class WithdrawForm(StyledForm):
    withdrawn_on = date_field(_("撤回日期"))
    reason = forms.CharField(label=_("说明"), required=False, max_length=500)


class ResumeForm(StyledForm):
    resumed_on = date_field(_("恢复日期"))
    because = forms.CharField(label=_("原因"), required=False, max_length=200)


class DecideForm(StyledForm):
    decision = forms.ChoiceField(label=_("裁决结果"), choices=Decision.choices)
    decided_on = date_field(_("裁决日期"))
    decision_number = forms.CharField(label=_("裁决书文号"), max_length=80)
    reasons = forms.CharField(label=_("裁决理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ServeForm(StyledForm):
    party = pk_field(_("受送达人"))
    served_on = date_field(_("送达日期"))
    method = forms.ChoiceField(
        label=_("送达方式"), choices=[("direct", _("直接送达")), ("post", _("邮寄送达")), ("electronic", _("电子送达")), ("announcement", _("公告送达"))]
    )

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"] = forms.TypedChoiceField(label=_("受送达人"), coerce=int, choices=[(p.party_id, str(p)) for p in parties])
        self.fields["party"].widget.attrs["class"] = "form-select form-select-sm"


class SuitForm(ServeForm):
    served_on = None
    method = None
    suit_number = forms.CharField(label=_("行政诉讼案号"), max_length=60, help_text=_("如（2026）京0108行初12号"))
    filed_on = date_field(_("起诉日期"))


class ComplianceForm(StyledForm):
    complied = forms.TypedChoiceField(label=_("履行情况"), coerce=lambda v: v == "yes", choices=[("no", _("未停止侵权行为")), ("yes", _("已停止侵权行为"))])
    checked_on = date_field(_("核查日期"))
    note = forms.CharField(label=_("说明"), required=False, max_length=500)


class DemandForm(StyledForm):
    served_on = date_field(_("催告书送达日期"))


class ApplyForm(StyledForm):
    applied_on = date_field(_("申请日期"))


class MediateForm(StyledForm):
    received_on = date_field(_("调解开始日期"))
    claim_amount = forms.DecimalField(label=_("请求赔偿金额（元）"), required=False, max_digits=14, decimal_places=2, min_value=0)
    summary = forms.CharField(label=_("调解事项"), required=False, max_length=500)


class CourtAcceptForm(StyledForm):
    case_number = forms.CharField(label=_("行审案号"), max_length=60, help_text=_("如（2026）京0108行审12号"))
    accepted_on = date_field(_("受理日期"))


class CourtNotAcceptForm(StyledForm):
    decided_on = date_field(_("裁定日期"))
    reasons = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class CourtHearForm(StyledForm):
    decided_on = date_field(_("决定日期"))


class CourtRuleForm(StyledForm):
    ruling = forms.ChoiceField(label=_("裁定结果"), choices=Ruling.choices)
    ruled_on = date_field(_("裁定日期"))
    reasons = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class BookForm(StyledForm):
    starts_at = dt_field(_("开始时间"))
    ends_at = dt_field(_("结束时间"))
    purpose = forms.CharField(label=_("用途/案号"), max_length=200)


class WeekForm(StyledForm):
    week = date_field(_("自"), required=False)
