from django import forms
from django.utils.translation import gettext_lazy as _

from . import registry
from .models import Channel


class SubscriptionForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=80, required=False, widget=forms.TextInput(attrs={"class": "form-control"}))
    channel = forms.ChoiceField(label=_("渠道"), choices=Channel.choices, widget=forms.Select(attrs={"class": "form-select"}))
    event_types = forms.MultipleChoiceField(label=_("事件类型"), widget=forms.CheckboxSelectMultiple, choices=())
    url = forms.CharField(
        label=_("回调地址（仅 Webhook）"),
        max_length=500,
        required=False,
        help_text=_("须为 https 地址。"),
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "url"}),
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_types"].choices = [(t.code, f"{t.label}（{t.code}）") for t in registry.event_types() if t.code != "events.test"]
        if editing:
            del self.fields["channel"]
