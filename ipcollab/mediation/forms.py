"""Forms of the mediation pages. They only shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ipcollab.proceedings import causes

from .models import CourtFollowUp, Field, Outcome, SessionMode, Source
from .services import LANGUAGES, MAX_EXTENSION_DAYS

INPUT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}
DATE = {"class": "form-control form-control-sm", "type": "date"}
DATETIME = {"class": "form-control form-control-sm", "type": "datetime-local"}
LANGUAGE_CHOICES = [
    ("zh", _("中文")),
    ("en", _("英语")),
    ("ja", _("日语")),
    ("ko", _("韩语")),
    ("de", _("德语")),
    ("fr", _("法语")),
    ("ru", _("俄语")),
    ("ug", _("维吾尔语")),
    ("bo", _("藏语")),
    ("mn", _("蒙古语")),
    ("yue", _("粤语")),
]
assert [c for c, _l in LANGUAGE_CHOICES] == list(LANGUAGES)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**INPUT, **(attrs or {})}, format="%Y-%m-%d")


class OrganisationForm(forms.Form):
    agency = forms.ChoiceField(label=_("机构"), widget=forms.Select(attrs=SELECT))
    fields_ = forms.MultipleChoiceField(label=_("业务领域"), choices=Field.choices, widget=forms.CheckboxSelectMultiple)
    region = forms.CharField(
        label=_("服务地域（行政区划代码）"), max_length=6, required=False, widget=forms.TextInput(attrs={**INPUT, "placeholder": "110000"})
    )
    languages = forms.MultipleChoiceField(label=_("工作语言"), choices=LANGUAGE_CHOICES, initial=["zh"], widget=forms.CheckboxSelectMultiple)
    capacity = forms.IntegerField(label=_("同时承办上限"), min_value=1, max_value=10000, initial=50, widget=forms.NumberInput(attrs=INPUT))
    accepting = forms.BooleanField(label=_("接受委派"), required=False, initial=True)
    liaison = forms.ChoiceField(label=_("调解组织联络人"), required=False, widget=forms.Select(attrs=SELECT))
    note = forms.CharField(label=_("说明"), max_length=300, required=False, widget=forms.TextInput(attrs=INPUT))
    active = forms.BooleanField(label=_("在册"), required=False, initial=True)

    def __init__(self, *args, agencies=(), people=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]
        self.fields["liaison"].choices = [("", "—"), *((u.pk, u.display_name) for u in people)]
        if editing:
            del self.fields["agency"]
        else:
            del self.fields["active"]


class MediatorForm(forms.Form):
    user = forms.ChoiceField(label=_("人员"), widget=forms.Select(attrs=SELECT))
    fields_ = forms.MultipleChoiceField(label=_("擅长领域"), choices=Field.choices, widget=forms.CheckboxSelectMultiple, required=False)
    languages = forms.MultipleChoiceField(label=_("工作语言"), choices=LANGUAGE_CHOICES, initial=["zh"], widget=forms.CheckboxSelectMultiple)
    title = forms.CharField(label=_("职业/职称"), max_length=100, required=False, widget=forms.TextInput(attrs=INPUT))
    max_caseload = forms.IntegerField(label=_("同时承办上限"), min_value=1, max_value=200, initial=10, widget=forms.NumberInput(attrs=INPUT))
    available = forms.BooleanField(label=_("可接案"), required=False, initial=True)
    unavailable_until = forms.DateField(label=_("暂停接案至"), required=False, widget=DateInput())
    active = forms.BooleanField(label=_("在册"), required=False, initial=True)

    def __init__(self, *args, people=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(u.pk, u.display_name) for u in people]
        if editing:
            del self.fields["user"]
        else:
            del self.fields["active"]


class DirectoryFilterForm(forms.Form):
    field = forms.ChoiceField(label=_("领域"), required=False, choices=[("", _("全部")), *Field.choices], widget=forms.Select(attrs=SELECT))
    region = forms.CharField(label=_("地域代码"), required=False, max_length=6, widget=forms.TextInput(attrs=INPUT))
    language = forms.ChoiceField(label=_("语言"), required=False, choices=[("", _("全部")), *LANGUAGE_CHOICES], widget=forms.Select(attrs=SELECT))
    available = forms.ChoiceField(
        label=_("可接案"), required=False, choices=[("", _("全部")), ("yes", _("是")), ("no", _("否"))], widget=forms.Select(attrs=SELECT)
    )


class PartyRowMixin(forms.Form):
    applicant = forms.CharField(label=_("申请人（当事人名称或统一社会信用代码）"), max_length=200, widget=forms.TextInput(attrs=INPUT))
    applicant_email = forms.EmailField(label=_("申请人电子邮箱"), required=False, widget=forms.EmailInput(attrs=INPUT))
    applicant_phone = forms.CharField(label=_("申请人手机号码"), max_length=20, required=False, widget=forms.TextInput(attrs=INPUT))
    respondent = forms.CharField(label=_("被申请人（当事人名称或统一社会信用代码）"), max_length=200, widget=forms.TextInput(attrs=INPUT))
    respondent_email = forms.EmailField(label=_("被申请人电子邮箱"), required=False, widget=forms.EmailInput(attrs=INPUT))
    respondent_phone = forms.CharField(label=_("被申请人手机号码"), max_length=20, required=False, widget=forms.TextInput(attrs=INPUT))


class StartForm(PartyRowMixin):
    organisation = forms.ChoiceField(label=_("调解组织"), widget=forms.Select(attrs=SELECT))
    title = forms.CharField(label=_("纠纷名称"), max_length=300, widget=forms.TextInput(attrs=INPUT))
    field = forms.ChoiceField(label=_("领域"), choices=Field.choices, initial=Field.PATENT, widget=forms.Select(attrs=SELECT))
    summary = forms.CharField(label=_("纠纷概要"), required=False, widget=forms.Textarea(attrs={**INPUT, "rows": 3}))
    claim_amount = forms.DecimalField(
        label=_("请求金额（元）"), required=False, min_value=0, max_digits=14, decimal_places=2, widget=forms.NumberInput(attrs=INPUT)
    )
    received_on = forms.DateField(label=_("收案日期"), widget=DateInput())
    court_number = forms.CharField(
        label=_("诉前调解案号"), max_length=60, required=False, widget=forms.TextInput(attrs={**INPUT, "placeholder": "（2026）京73民诉前调1号"})
    )
    case = forms.ChoiceField(label=_("委托调解的案件"), required=False, widget=forms.Select(attrs=SELECT))
    rights = forms.CharField(
        label=_("涉及的权利（专利号或商标注册号，每行一个）"), required=False, max_length=2000, widget=forms.Textarea(attrs={**INPUT, "rows": 2})
    )

    def __init__(self, *args, source, organisations=(), cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.agency.name) for o in organisations]
        self.fields["case"].choices = [("", "—"), *((c.pk, f"{c.number} {c.title}") for c in cases)]
        if source != Source.PRE_SUIT:
            del self.fields["court_number"]
        if source != Source.IN_SUIT:
            del self.fields["case"]

    def right_numbers(self):
        text = self.cleaned_data.get("rights", "")
        return [line.strip() for line in text.replace("，", "\n").replace(",", "\n").splitlines() if line.strip()]


class AssignForm(forms.Form):
    mediator = forms.ChoiceField(label=_("调解员"), widget=forms.Select(attrs=SELECT))
    reason = forms.CharField(label=_("说明（改派时填写）"), required=False, max_length=300, widget=forms.TextInput(attrs=INPUT))

    def __init__(self, *args, mediators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].choices = [(m.pk, f"{m.user.display_name}（{m.caseload}/{m.max_caseload}）") for m in mediators]


class AcceptForm(forms.Form):
    accepted_on = forms.DateField(label=_("接受日期"), required=False, widget=DateInput())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=300, widget=forms.TextInput(attrs=INPUT))


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("延长天数"), min_value=1, max_value=MAX_EXTENSION_DAYS, widget=forms.NumberInput(attrs=INPUT))
    reason = forms.CharField(label=_("理由（如双方当事人同意延长）"), max_length=300, widget=forms.TextInput(attrs=INPUT))


class LogForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=[("note", _("工作记录")), ("call", _("电话沟通"))], widget=forms.Select(attrs=SELECT))
    text = forms.CharField(label=_("内容"), max_length=5000, widget=forms.Textarea(attrs={**INPUT, "rows": 2}))
    visible_to_parties = forms.BooleanField(label=_("当事人可见"), required=False)


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"))
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M"))
    mode = forms.ChoiceField(label=_("方式"), choices=SessionMode.choices, widget=forms.Select(attrs=SELECT))
    place = forms.CharField(label=_("地点/会议链接"), max_length=300, widget=forms.TextInput(attrs=INPUT))


class MinutesForm(forms.Form):
    session = forms.IntegerField(widget=forms.HiddenInput)
    held = forms.BooleanField(label=_("已举行"), required=False, initial=True)
    minutes = forms.CharField(label=_("调解笔录"), required=False, widget=forms.Textarea(attrs={**INPUT, "rows": 3}))


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, widget=forms.TextInput(attrs=INPUT))
    file = forms.FileField(
        label=_("文件"),
        help_text=_("PDF、OFD、DOCX、JPEG或PNG，不超过20 MB"),
        widget=forms.ClearableFileInput(attrs={**INPUT, "accept": ".pdf,.ofd,.docx,.jpg,.jpeg,.png"}),
    )
    visible_to_parties = forms.BooleanField(label=_("当事人可见"), required=False, initial=True)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("调解结果"), choices=Outcome.choices, widget=forms.Select(attrs=SELECT))
    ended_on = forms.DateField(label=_("结束日期"), widget=DateInput())
    note = forms.CharField(label=_("结果说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={**INPUT, "rows": 2}))


class FileCaseForm(forms.Form):
    number = forms.CharField(label=_("案号"), max_length=60, widget=forms.TextInput(attrs={**INPUT, "placeholder": "（2026）京73民初1号"}))
    cause = forms.ChoiceField(label=_("案由"), widget=forms.Select(attrs=SELECT))
    filed_on = forms.DateField(label=_("立案日期"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cause"].choices = [(c.code, c.name) for c in causes.causes_for("civil")]


class CloseCaseForm(forms.Form):
    how = forms.ChoiceField(
        label=_("结案方式"),
        choices=[(CourtFollowUp.MEDIATION_STATEMENT, CourtFollowUp.MEDIATION_STATEMENT.label), (CourtFollowUp.WITHDRAWN, CourtFollowUp.WITHDRAWN.label)],
        widget=forms.Select(attrs=SELECT),
    )
    closed_on = forms.DateField(label=_("结案日期"), widget=DateInput())
    decision_number = forms.CharField(label=_("调解书/裁定书文号"), max_length=60, required=False, widget=forms.TextInput(attrs=INPUT))


class FiguresForm(forms.Form):
    start = forms.DateField(label=_("收案日期自"), widget=DateInput())
    end = forms.DateField(label=_("至"), widget=DateInput())
