from django import forms
from django.utils.translation import gettext_lazy as _

DATETIME = {"type": "datetime-local", "class": "form-control form-control-sm"}


class BookForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("开始时间"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M")
    )
    ends_at = forms.DateTimeField(
        label=_("结束时间"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"], widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M")
    )
    purpose = forms.CharField(label=_("用途/案号"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))


class WeekForm(forms.Form):
    week = forms.DateField(
        label=_("自"), required=False, widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d")
    )
