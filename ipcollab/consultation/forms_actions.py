"""Forms of the action items and liaison threads pages. They only shape input: the services
(actions.py, threads.py) decide owners, dates, states and who may act."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ipcollab.core.errors import NotFound
from ipcollab.core.ids import parse_pk

from .action_selectors import STATUS_ACTIVE, ActionFilters
from .models import ActionStatus

TEXT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}
DATE = {"class": "form-control form-control-sm", "type": "date"}


def _user_choices(users):
    return [("", "—"), *[(str(u.pk), u.display_name) for u in users]]


class ActionItemForm(forms.Form):
    owner = forms.ChoiceField(label=_("责任人"), required=False, widget=forms.Select(attrs=SELECT))
    due_on = forms.DateField(label=_("完成时限"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    title = forms.CharField(label=pgettext_lazy("action item", "事项"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXT), help_text=_("留空则取共识事项的首句"))
    description = forms.CharField(label=_("要求"), required=False, max_length=4000, widget=forms.Textarea(attrs={**TEXT, "rows": 3}))

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {str(u.pk): u for u in owners}
        self.fields["owner"].choices = _user_choices(owners)

    def clean_owner(self):
        value = self.cleaned_data.get("owner")
        return self.owners.get(value) if value else None


class ProgressForm(forms.Form):
    note = forms.CharField(label=_("进展情况"), max_length=4000, widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    progress = forms.IntegerField(label=_("进度（%）"), min_value=0, max_value=100, widget=forms.NumberInput(attrs={**TEXT, "min": 0, "max": 100}))
    status = forms.ChoiceField(
        label=_("状态"),
        choices=[(ActionStatus.IN_PROGRESS, ActionStatus.IN_PROGRESS.label), (ActionStatus.OPEN, ActionStatus.OPEN.label)],
        widget=forms.Select(attrs=SELECT),
    )
    evidence = forms.FileField(label=_("佐证材料"), required=False, widget=forms.ClearableFileInput(attrs=TEXT))


class CompleteForm(forms.Form):
    note = forms.CharField(label=_("完成情况"), required=False, max_length=4000, widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    evidence = forms.FileField(label=_("完成佐证"), required=False, widget=forms.ClearableFileInput(attrs=TEXT))


class ReassignForm(forms.Form):
    owner = forms.ChoiceField(label=_("新的责任人"), required=False, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {str(u.pk): u for u in owners}
        self.fields["owner"].choices = _user_choices(owners)

    def clean_owner(self):
        value = self.cleaned_data.get("owner")
        return self.owners.get(value) if value else None


class ExtendForm(forms.Form):
    due_on = forms.DateField(label=_("新的完成时限"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("延期理由"), max_length=1000, widget=forms.TextInput(attrs=TEXT))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=200, widget=forms.TextInput(attrs=TEXT))


STATUS_CHOICES = [("", _("全部")), (STATUS_ACTIVE, _("未完成（未开始、推进中）")), *ActionStatus.choices]


class ActionFilterForm(forms.Form):
    """The open-items filters. Without any parameter the page shows the defaults (my agency's open items)."""

    agency = forms.ChoiceField(label=_("责任单位"), required=False, widget=forms.Select(attrs=SELECT))
    meeting = forms.ChoiceField(label=_("会商会议"), required=False, widget=forms.Select(attrs=SELECT))
    status = forms.ChoiceField(label=_("状态"), required=False, choices=STATUS_CHOICES, widget=forms.Select(attrs=SELECT))
    owner = forms.ChoiceField(label=_("责任人"), required=False, widget=forms.Select(attrs=SELECT))
    due_after = forms.DateField(label=_("时限自"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    due_before = forms.DateField(label=_("时限至"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    overdue = forms.BooleanField(label=_("仅看逾期"), required=False)

    def __init__(self, *args, agencies=(), meetings=(), owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("全部")), *[(str(pk), name) for pk, name in agencies]]
        self.fields["meeting"].choices = [("", _("全部")), *[(str(pk), title) for pk, title in meetings]]
        self.fields["owner"].choices = [("", _("全部")), *[(str(pk), name) for pk, name in owners]]

    def filters(self):
        data = self.cleaned_data

        def pk(name):
            try:
                return parse_pk(data[name]) if data.get(name) else None
            except NotFound:
                return None

        return ActionFilters(
            agency=pk("agency"),
            meeting=pk("meeting"),
            status=data.get("status") or "",
            owner=pk("owner"),
            due_after=data.get("due_after"),
            due_before=data.get("due_before"),
            overdue=bool(data.get("overdue")),
        )


class ThreadForm(forms.Form):
    topic = forms.CharField(label=_("主题"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    agencies = forms.MultipleChoiceField(label=_("参加单位"), required=False, widget=forms.SelectMultiple(attrs={**SELECT, "size": 8}))
    body = forms.CharField(label=_("内容"), max_length=20000, widget=forms.Textarea(attrs={**TEXT, "rows": 5}))

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.agency_map = {str(a.pk): a for a in agencies}
        self.fields["agencies"].choices = [(str(a.pk), a.name) for a in agencies]

    def clean_agencies(self):
        return [self.agency_map[v] for v in self.cleaned_data.get("agencies") or [] if v in self.agency_map]


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("回复"), max_length=20000, widget=forms.Textarea(attrs={**TEXT, "rows": 4}))
