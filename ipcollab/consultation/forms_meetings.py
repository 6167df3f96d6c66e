"""Forms of the meetings pages. They only shape input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import trends
from .models import MeetingKind

INPUT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}
MULTI = {"class": "form-select form-select-sm", "size": "8"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**INPUT, **(attrs or {})}, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={**INPUT, **(attrs or {})}, format="%Y-%m-%dT%H:%M")


def _lines(text):
    return [line.strip() for line in (text or "").replace("；", "\n").replace(";", "\n").splitlines() if line.strip()]


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("会议名称"), max_length=200, widget=forms.TextInput(attrs=INPUT))
    kind = forms.ChoiceField(label=_("类别"), choices=MeetingKind.choices, widget=forms.Select(attrs=SELECT))
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    ends_at = forms.DateTimeField(label=_("结束时间"), required=False, widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    place = forms.CharField(label=_("地点"), max_length=200, required=False, widget=forms.TextInput(attrs=INPUT))
    video_link = forms.CharField(label=_("视频会议链接"), max_length=200, required=False, widget=forms.TextInput(attrs={**INPUT, "placeholder": "https://"}))
    agenda_deadline = forms.DateField(label=_("议题提交截止日"), required=False, widget=DateInput())
    participants = forms.MultipleChoiceField(
        label=_("参会单位（会签纪要）"), required=False, widget=forms.SelectMultiple(attrs=MULTI), help_text=_("按住 Ctrl 可多选；召集单位自动列入。")
    )
    invited = forms.MultipleChoiceField(
        label=_("列席单位（如检察院、公安机关）"), required=False, widget=forms.SelectMultiple(attrs=MULTI), help_text=_("列席单位默认不会签纪要。")
    )
    invited_signs = forms.MultipleChoiceField(label=_("会签纪要的列席单位"), required=False, widget=forms.SelectMultiple(attrs=MULTI))
    people = forms.MultipleChoiceField(label=_("参会人员（平台用户）"), required=False, widget=forms.SelectMultiple(attrs=MULTI))
    guests = forms.CharField(
        label=_("其他参会人员"),
        required=False,
        widget=forms.Textarea(attrs={**INPUT, "rows": 3}),
        help_text=_("每行一人：单位代码，姓名，职务（单位须为召集、参会或列席单位）。"),
    )

    def __init__(self, *args, agencies=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        groups = {}
        for a in agencies:
            groups.setdefault(str(a.get_kind_display()), []).append((str(a.pk), a.name))
        for name in ("participants", "invited", "invited_signs"):
            self.fields[name].choices = list(groups.items())
        staff = {}
        for u in people:
            staff.setdefault(u.agency.name, []).append((str(u.pk), f"{u.display_name}{'（' + u.title + '）' if u.title else ''}"))
        self.fields["people"].choices = list(staff.items())

    def guest_rows(self):
        """[(agency code, name, title)] of the free-text guests; errors added to the form."""
        rows = []
        for line in _lines(self.cleaned_data.get("guests")):
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                self.add_error("guests", _("“%(l)s”：格式应为 单位代码，姓名，职务。") % {"l": line[:60]})
                continue
            rows.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
        return rows


class RescheduleForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    ends_at = forms.DateTimeField(label=_("结束时间"), required=False, widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    place = forms.CharField(label=_("地点"), max_length=200, required=False, widget=forms.TextInput(attrs=INPUT))
    video_link = forms.CharField(label=_("视频会议链接"), max_length=200, required=False, widget=forms.TextInput(attrs=INPUT))
    agenda_deadline = forms.DateField(label=_("议题提交截止日"), required=False, widget=DateInput())


class ProposeForm(forms.Form):
    topic = forms.CharField(label=_("议题"), max_length=200, widget=forms.TextInput(attrs=INPUT))
    background = forms.CharField(label=_("背景"), required=False, max_length=10000, widget=forms.Textarea(attrs={**INPUT, "rows": 4}))
    proceedings = forms.CharField(
        label=_("关联案件"),
        required=False,
        widget=forms.Textarea(attrs={**INPUT, "rows": 2}),
        help_text=_("每行一个案号或国家知识产权局程序编号，如（2026）京73民初1号、4W120001。"),
    )
    rights = forms.CharField(
        label=_("关联权利"), required=False, widget=forms.Textarea(attrs={**INPUT, "rows": 2}), help_text=_("每行一个专利号或商标注册号。")
    )
    feedback = forms.ChoiceField(label=_("关联标准反馈"), required=False, widget=forms.Select(attrs=SELECT))
    trend_code = forms.ChoiceField(label=_("趋势数据"), required=False, widget=forms.Select(attrs=SELECT))
    trend_start = forms.CharField(label=_("统计起始月份"), required=False, widget=forms.TextInput(attrs={**INPUT, "type": "month"}))
    trend_end = forms.CharField(label=_("统计截止月份"), required=False, widget=forms.TextInput(attrs={**INPUT, "type": "month"}))

    def __init__(self, *args, feedback=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feedback"].choices = [("", "—"), *((str(f.pk), f.title) for f in feedback)]
        self.fields["trend_code"].choices = [("", _("不附趋势数据")), *trends.CHOICES]

    def proceeding_numbers(self):
        return _lines(self.cleaned_data.get("proceedings"))

    def right_numbers(self):
        return _lines(self.cleaned_data.get("rights"))


class DecideForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    accept = forms.TypedChoiceField(
        label=_("决定"), choices=[("1", _("列入议程")), ("0", _("不列入议程"))], coerce=lambda v: v == "1", widget=forms.Select(attrs=SELECT)
    )
    reason = forms.CharField(label=_("理由"), required=False, max_length=2000, widget=forms.TextInput(attrs=INPUT))


class MoveForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    direction = forms.ChoiceField(choices=[("up", _("上移")), ("down", _("下移"))], widget=forms.HiddenInput)


class HoldForm(forms.Form):
    held_on = forms.DateField(label=_("召开日期"), widget=DateInput())
    summary = forms.CharField(label=_("会议情况"), required=False, max_length=10000, widget=forms.Textarea(attrs={**INPUT, "rows": 4}))
    present = forms.MultipleChoiceField(label=_("出席人员"), required=False, widget=forms.CheckboxSelectMultiple)
    discussed = forms.MultipleChoiceField(label=_("已讨论的议题"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, attendees=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(a.pk), f"{a.name}（{a.agency.short_name or a.agency.name}）") for a in attendees]
        self.fields["discussed"].choices = [(str(i.pk), i.topic) for i in items]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=200, widget=forms.TextInput(attrs=INPUT))


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("材料名称"), max_length=200, widget=forms.TextInput(attrs=INPUT))
    upload = forms.FileField(label=_("文件"), widget=forms.ClearableFileInput(attrs=INPUT))
    agenda_item = forms.ChoiceField(label=_("所属议题"), required=False, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = [("", _("会议材料")), *((str(i.pk), i.topic) for i in items)]


class FilterForm(forms.Form):
    when = forms.ChoiceField(required=False, choices=[("", _("全部")), ("upcoming", _("即将召开")), ("past", _("已召开或已取消"))])
    organiser = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    kind = forms.ChoiceField(required=False, choices=[("", _("全部")), *MeetingKind.choices])
    status = forms.ChoiceField(required=False, choices=[("", _("全部"))])
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        from .models import MeetingStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部")), *MeetingStatus.choices]
