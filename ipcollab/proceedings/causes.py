"""Causes of action (案由) of IP cases, as a versioned data table.

Civil causes follow the IP and competition part (第五部分 知识产权与竞争纠纷) of the SPC's
《民事案件案由规定》 as amended in 2020 (法〔2020〕347号, in force 2021-01-01). Administrative
cases against CNIPA decisions are named by the decision under review, the way the Beijing IP Court
and the SPC write them; criminal causes are the charges of the Criminal Law arts 213–220. Rows
whose wording was not checked against the text carry ``verified=False`` [R]; add rows here (and
bump the version) rather than writing cause names in code.

Each cause says the kind of case, the category that routes it (rulebook ``CaseCategory``) and,
for infringement of a patent, the patent kind — the stay rules depend on it (reference §7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from django.utils.translation import gettext_lazy as _

CAUSES_VERSION = "2021"
CAUSES_EFFECTIVE = date(2021, 1, 1)
CAUSES_SOURCE = "最高人民法院《民事案件案由规定》（法〔2020〕347号修改，2021年1月1日起施行）第五部分；刑法第213—220条"


@dataclass(frozen=True, slots=True)
class Cause:
    code: str
    name: object  # lazy translation
    kind: str  # civil / administrative / criminal
    category: str  # rulebook CaseCategory value
    right_kind: str = ""  # patent / trademark / "" (none or other)
    patent_kind: str = ""  # invention / utility_model / design, for patent infringement
    infringement: bool = False
    verified: bool = True


_ROWS = (
    Cause("patent_infringement_invention", _("侵害发明专利权纠纷"), "civil", "invention_patent", "patent", "invention", True),
    Cause("patent_infringement_utility_model", _("侵害实用新型专利权纠纷"), "civil", "utility_model", "patent", "utility_model", True),
    Cause("patent_infringement_design", _("侵害外观设计专利权纠纷"), "civil", "design_patent", "patent", "design", True),
    Cause("patent_non_infringement", _("确认不侵害专利权纠纷"), "civil", "invention_patent", "patent"),
    Cause("patent_ownership", _("专利权权属纠纷"), "civil", "invention_patent", "patent"),
    Cause("patent_application_ownership", _("专利申请权权属纠纷"), "civil", "invention_patent", "patent"),
    Cause("patent_licence_contract", _("专利实施许可合同纠纷"), "civil", "invention_patent", "patent"),
    Cause("patent_transfer_contract", _("专利权转让合同纠纷"), "civil", "invention_patent", "patent"),
    Cause("patent_injunction_damage", _("因申请诉前停止侵害专利权损害责任纠纷"), "civil", "invention_patent", "patent"),
    Cause("drug_patent_scope", _("确认是否落入专利权保护范围纠纷"), "civil", "drug_linkage", "patent"),
    Cause("trademark_infringement", _("侵害商标权纠纷"), "civil", "trademark", "trademark", "", True),
    Cause("trademark_non_infringement", _("确认不侵害商标权纠纷"), "civil", "trademark", "trademark"),
    Cause("trademark_licence_contract", _("商标使用许可合同纠纷"), "civil", "trademark", "trademark"),
    Cause("trademark_ownership", _("商标权权属纠纷"), "civil", "trademark", "trademark"),
    Cause("copyright_infringement", _("侵害著作权纠纷"), "civil", "copyright", "", "", True),
    Cause("software_infringement", _("侵害计算机软件著作权纠纷"), "civil", "software", "", "", True),
    Cause("technical_secret", _("侵害技术秘密纠纷"), "civil", "technical_secret", "", "", True),
    Cause("business_secret", _("侵害经营秘密纠纷"), "civil", "unfair_competition", "", "", True),
    Cause("unfair_competition", _("不正当竞争纠纷"), "civil", "unfair_competition"),
    Cause("plant_variety_infringement", _("侵害植物新品种权纠纷"), "civil", "plant_variety", "", "", True),
    Cause("layout_design_infringement", _("侵害集成电路布图设计专有权纠纷"), "civil", "layout_design", "", "", True),
    Cause("monopoly", _("垄断纠纷"), "civil", "monopoly"),
    Cause("malicious_ip_suit", _("因恶意提起知识产权诉讼损害责任纠纷"), "civil", "unfair_competition"),
    Cause("admin_patent_invalidation", _("专利权无效宣告请求行政纠纷"), "administrative", "admin_cnipa_patent", "patent", verified=False),
    Cause("admin_patent_reexamination", _("专利申请驳回复审行政纠纷"), "administrative", "admin_cnipa_patent", "patent", verified=False),
    Cause("admin_trademark_invalidation", _("商标权无效宣告请求行政纠纷"), "administrative", "admin_cnipa_trademark", "trademark", verified=False),
    Cause("admin_trademark_rejection_review", _("商标申请驳回复审行政纠纷"), "administrative", "admin_cnipa_trademark", "trademark", verified=False),
    Cause("admin_trademark_non_registration", _("商标不予注册复审行政纠纷"), "administrative", "admin_cnipa_trademark", "trademark", verified=False),
    Cause("admin_patent_adjudication", _("专利行政裁决纠纷"), "administrative", "invention_patent", "patent", verified=False),
    Cause("crime_counterfeit_mark", _("假冒注册商标罪"), "criminal", "trademark", "trademark"),
    Cause("crime_selling_counterfeit", _("销售假冒注册商标的商品罪"), "criminal", "trademark", "trademark"),
    Cause("crime_illegal_mark_labels", _("非法制造、销售非法制造的注册商标标识罪"), "criminal", "trademark", "trademark"),
    Cause("crime_counterfeit_patent", _("假冒专利罪"), "criminal", "invention_patent", "patent"),
    Cause("crime_copyright", _("侵犯著作权罪"), "criminal", "copyright"),
    Cause("crime_trade_secret", _("侵犯商业秘密罪"), "criminal", "technical_secret"),
)

CAUSES = MappingProxyType({c.code: c for c in _ROWS})
CHOICES = tuple((c.code, c.name) for c in _ROWS)


def cause(code):
    return CAUSES.get(code)


def causes_for(kind):
    return [c for c in _ROWS if c.kind == kind]
