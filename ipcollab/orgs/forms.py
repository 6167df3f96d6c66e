"""Forms of the orgs pages: input shape only; the rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ipcollab.core.models import Visibility

from .models import Agency, AgencyKind, AgencyLevel, LiaisonRole

_ANY = [("", _("全部"))]


class _Bootstrap:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            css = "form-check-input" if isinstance(widget, forms.CheckboxInput) else "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class AgencyFilterForm(_Bootstrap, forms.Form):
    q = forms.CharField(label=_("名称、简称或法院代字"), required=False, max_length=60)
    kind = forms.ChoiceField(label=_("类别"), choices=_ANY + AgencyKind.choices, required=False)
    level = forms.ChoiceField(label=_("层级"), choices=_ANY + AgencyLevel.choices, required=False)
    region = forms.RegexField(label=_("行政区划代码"), regex=r"^\d{6}$", required=False, max_length=6, error_messages={"invalid": _("请填写6位行政区划代码。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
        self.fields["region"].widget.attrs.update({"inputmode": "numeric", "placeholder": "110000"})
        self.fields["q"].widget.input_type = "search"


class DirectoryFilterForm(AgencyFilterForm):
    q = forms.CharField(label=_("姓名、机构、内设机构或职务"), required=False, max_length=60)
    role = forms.ChoiceField(label=_("角色"), choices=_ANY + LiaisonRole.choices, required=False)
    include_history = forms.BooleanField(label=_("包含已终止的"), required=False)


class AgencyForm(_Bootstrap, forms.Form):
    code = forms.CharField(label=_("机构标识"), max_length=40, help_text=_("小写字母、数字和连字符，如 court-jing73"))
    name = forms.CharField(label=_("名称"), max_length=120)
    short_name = forms.CharField(label=_("简称"), max_length=40, required=False)
    name_en = forms.CharField(label=_("英文名称"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("类别"), choices=AgencyKind.choices)
    level = forms.ChoiceField(label=_("层级"), choices=AgencyLevel.choices)
    region = forms.CharField(label=_("行政区划代码"), max_length=6, help_text=_("GB/T 2260 六位代码，如 110108"))
    parent = forms.ModelChoiceField(label=_("上级机构"), queryset=Agency.objects.none(), required=False)
    court_code = forms.CharField(label=_("法院代字"), max_length=12, required=False, help_text=_("仅人民法院填写，如 京73、京0491"))
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    website = forms.URLField(label=_("网站"), max_length=200, required=False, assume_scheme="https")
    is_active = forms.BooleanField(label=_("有效"), required=False, initial=True)

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{
                        f: getattr(instance, f)
                        for f in ("code", "name", "short_name", "name_en", "kind", "level", "court_code", "address", "website", "is_active")
                    },
                    "region": instance.region_id,
                    "parent": instance.parent_id,
                },
            )
        super().__init__(*args, **kwargs)
        parents = Agency.objects.filter(is_active=True).order_by("kind", "level", "name")
        if instance is not None:
            parents = parents.exclude(pk=instance.pk)
        self.fields["parent"].queryset = parents
        self._style()


class DivisionForm(_Bootstrap, forms.Form):
    name = forms.CharField(label=_("名称"), max_length=80)
    short_name = forms.CharField(label=_("简称"), max_length=20, required=False)
    name_en = forms.CharField(label=_("英文名称"), max_length=160, required=False)
    is_liaison_office = forms.BooleanField(label=_("联络办公室"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class _LiaisonContactForm(_Bootstrap, forms.Form):
    division = forms.ModelChoiceField(label=_("内设机构"), queryset=None, required=False)
    title = forms.CharField(label=_("职务"), max_length=60, required=False)
    phone = forms.CharField(label=_("办公电话"), max_length=32)
    mobile = forms.CharField(label=_("手机"), max_length=20, required=False)
    email = forms.EmailField(label=_("电子邮箱"), max_length=254)
    office_hours = forms.CharField(label=_("办公时间"), max_length=100, required=False)
    visibility = forms.ChoiceField(label=_("可见范围"), choices=Visibility.choices, initial=Visibility.NETWORK)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = agency.divisions.order_by("name")
        self._style()
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class LiaisonDesignateForm(_LiaisonContactForm):
    person = forms.ModelChoiceField(label=_("人员"), queryset=None)
    role = forms.ChoiceField(label=_("角色"), choices=LiaisonRole.choices, initial=LiaisonRole.PRIMARY)
    counterpart = forms.ModelChoiceField(label=_("对口机构"), queryset=None, required=False, help_text=_("留空表示面向所有协作机构"))
    valid_from = forms.DateField(
        label=_("起始日期"), required=False, help_text=_("留空为今天；格式 2026-11-25"), widget=forms.DateInput(attrs={"type": "date"})
    )

    field_order = ["person", "role", "counterpart", "division", "title", "phone", "mobile", "email", "office_hours", "valid_from", "visibility"]

    def __init__(self, *args, agency, staff, **kwargs):
        super().__init__(*args, agency=agency, **kwargs)
        self.fields["person"].queryset = staff
        self.fields["counterpart"].queryset = Agency.objects.filter(is_active=True).exclude(pk=agency.pk).order_by("kind", "level", "name")
        self.order_fields(self.field_order)


class LiaisonEditForm(_LiaisonContactForm):
    office_hours = forms.CharField(label=_("办公时间"), max_length=100)

    field_order = ["division", "title", "phone", "mobile", "email", "office_hours", "visibility"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)


class LiaisonEndForm(_Bootstrap, forms.Form):
    valid_to = forms.DateField(label=_("终止日期"), required=False, help_text=_("留空为今天"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("终止原因"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
