"""Forms of the comment-round pages. They only shape input; rounds.py decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ipcollab.orgs.models import Agency

from .models import DraftKind, ResponseKind

INPUT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}
MAX_TEXT = 200_000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**INPUT, **(attrs or {})}, format="%Y-%m-%d")


def agency_choices(exclude=None):
    qs = Agency.objects.filter(is_active=True).order_by("kind", "code")
    if exclude:
        qs = qs.exclude(pk=exclude)
    return [(a.pk, a.name) for a in qs]


class RoundForm(forms.Form):
    title = forms.CharField(label=_("草案名称"), max_length=200, widget=forms.TextInput(attrs=INPUT))
    draft_kind = forms.ChoiceField(label=_("草案类别"), choices=DraftKind.choices, widget=forms.Select(attrs=SELECT))
    deadline = forms.DateField(label=_("反馈截止日"), widget=DateInput())
    invitees = forms.TypedMultipleChoiceField(
        label=_("征求意见单位"), coerce=int, widget=forms.SelectMultiple(attrs={**SELECT, "size": 8}), help_text=_("可多选（按住 Ctrl 或 ⌘）")
    )
    description = forms.CharField(label=_("说明"), required=False, max_length=5000, widget=forms.Textarea(attrs={**INPUT, "rows": 2}))
    text = forms.CharField(
        label=_("草案文本"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={**INPUT, "rows": 12}),
        help_text=_("粘贴草案全文，按“第X条”自动拆分为条文；可在预览中修改条文序号。"),
    )

    def __init__(self, *args, agency_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitees"].choices = agency_choices(exclude=agency_id)

    def chosen_agencies(self):
        ids = self.cleaned_data["invitees"]
        found = {a.pk: a for a in Agency.objects.filter(pk__in=ids)}
        return [found[i] for i in ids if i in found]


def posted_articles(data):
    """The articles of the preview (article_label / article_text pairs), or None when none was posted."""
    labels, texts = data.getlist("article_label"), data.getlist("article_text")
    if not labels and not texts:
        return None
    return [(str(label)[:100], str(text)[:MAX_TEXT]) for label, text in zip(labels, texts, strict=False)]


class CommentForm(forms.Form):
    article = forms.TypedChoiceField(label=_("条文"), coerce=int, required=False, empty_value=None, widget=forms.Select(attrs=SELECT))
    body = forms.CharField(label=_("意见"), max_length=10000, widget=forms.Textarea(attrs={**INPUT, "rows": 3}))
    proposed_text = forms.CharField(label=_("修改建议"), required=False, max_length=10000, widget=forms.Textarea(attrs={**INPUT, "rows": 2}))

    def __init__(self, *args, articles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = [("", _("总体意见（针对草案整体）"))] + [(a.pk, a.label) for a in articles]


class RespondForm(forms.Form):
    response = forms.ChoiceField(label=_("采纳情况"), choices=ResponseKind.choices, widget=forms.Select(attrs=SELECT))
    response_text = forms.CharField(label=_("处理理由"), required=False, max_length=10000, widget=forms.Textarea(attrs={**INPUT, "rows": 2}))
