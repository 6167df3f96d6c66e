from django import forms
from django.utils.translation import gettext_lazy as _

from ipcollab.identifiers import IdentifierError, validate_uscc
from ipcollab.orgs.models import Agency
from ipcollab.proceedings import causes
from ipcollab.proceedings.models import Kind, Status, Track
from ipcollab.proceedings.signals import EVENTS
from ipcollab.registry.models import RightKind
from ipcollab.registry.selectors import parse_right_number, parties_for_user, rights_for_user

from .services import NAME_MAX, NOTE_MAX

ANY = _("（不限）")


def _blank(choices):
    return [("", ANY), *choices]


class FollowForm(forms.Form):
    events = forms.MultipleChoiceField(label=_("提醒的事件类型"), choices=list(EVENTS.items()), widget=forms.CheckboxSelectMultiple, required=False)
    note = forms.CharField(label=_("备注"), max_length=NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


class WatchForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=NAME_MAX, widget=forms.TextInput(attrs={"class": "form-control"}))
    kind = forms.ChoiceField(label=_("程序种类"), choices=_blank(Kind.choices), required=False, widget=forms.Select(attrs={"class": "form-select"}))
    track = forms.ChoiceField(label=_("类别"), choices=_blank(Track.choices), required=False, widget=forms.Select(attrs={"class": "form-select"}))
    agency = forms.ModelChoiceField(
        label=_("承办机构（法院或知识产权局）"),
        queryset=Agency.objects.filter(kind__in=("court", "ip_office")).order_by("name"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    cause = forms.ChoiceField(label=_("案由"), choices=_blank(causes.CHOICES), required=False, widget=forms.Select(attrs={"class": "form-select"}))
    status = forms.ChoiceField(label=_("状态"), choices=_blank(Status.choices), required=False, widget=forms.Select(attrs={"class": "form-select"}))
    party = forms.CharField(
        label=_("当事人"),
        required=False,
        max_length=40,
        help_text=_("统一社会信用代码，或当事人页面地址中的编号"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    right = forms.CharField(
        label=_("权利"),
        required=False,
        max_length=40,
        help_text=_("专利号或商标注册号，或权利档案页面地址中的编号"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    right_kind = forms.ChoiceField(label=_("权利类别"), choices=_blank(RightKind.choices), required=False, widget=forms.Select(attrs={"class": "form-select"}))
    under_invalidation = forms.BooleanField(label=_("仅涉及无效宣告审查中的专利（另有未结的无效宣告请求）"), required=False)
    my_court = forms.BooleanField(label=_("仅本机构承办"), required=False)

    FILTER_FIELDS = ("kind", "track", "agency", "cause", "status", "party", "right", "right_kind", "under_invalidation", "my_court")

    @staticmethod
    def initial_for(watch):
        return {
            "name": watch.name,
            "kind": watch.kind,
            "track": watch.track,
            "agency": watch.agency_id,
            "cause": watch.cause,
            "status": watch.status,
            "party": watch.party_id or "",
            "right": watch.right_id or "",
            "right_kind": watch.right_kind,
            "under_invalidation": watch.under_invalidation,
            "my_court": watch.my_court,
        }

    def service_data(self, user):
        """The form's data for the service: a right given by its number and a party by its credit
        code become their ids (within the user's reach); anything else goes on as an id."""
        data = dict(self.cleaned_data)
        party = (data.get("party") or "").strip()
        if party:
            code = _credit_code(party)
            if code:
                party = parties_for_user(user).filter(credit_code=code).values_list("pk", flat=True).first() or party
        data["party"] = party or None
        right = (data.get("right") or "").strip()
        if right:
            number = parse_right_number(right)
            if number is not None:
                right = rights_for_user(user).filter(kind=number[0], number=number[1]).values_list("pk", flat=True).first() or right
        data["right"] = right or None
        return data


def _credit_code(value):
    try:
        return validate_uscc(value)
    except IdentifierError:
        return None
