"""Type codes of court case numbers (类型代字) → (kind, stage), as a versioned data table.

Source: 最高人民法院《关于人民法院案件案号的若干规定》 and its standard of case types and codes
(法〔2015〕137号, in force 2016-01-01), amended by 法〔2018〕335号 (the 专门审判代字 ``知``);
see docs/identifiers.md and reference §1. Only codes whose meaning has been checked are listed:
add a row (and bump :data:`CASE_TYPE_TABLE_VERSION`) rather than guessing in code. State
compensation codes (法赔, 委赔 …) are not listed yet, so ``state_compensation`` has no row.

Pitfall kept here on purpose: pre-suit preservation ``财保`` (property), ``行保`` (conduct — 行为保全,
*not* administrative) and ``证保`` (evidence) are civil.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

CASE_TYPE_TABLE_VERSION = "2026.1"
CASE_TYPE_TABLE_EFFECTIVE = date(2016, 1, 1)
CASE_TYPE_TABLE_SOURCE = "最高人民法院《关于人民法院案件案号的若干规定》及配套标准（法〔2015〕137号），法〔2018〕335号修正"

KINDS = ("civil", "administrative", "criminal", "enforcement", "state_compensation")
STAGES = ("first_instance", "second_instance", "retrial_review", "retrial", "preservation", "special", "enforcement", "other")


@dataclass(frozen=True, slots=True)
class CaseType:
    code: str
    kind: str
    stage: str
    name: str


# (type code, kind, stage, Chinese name)
_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("民初", "civil", "first_instance", "民事一审"),
    ("民终", "civil", "second_instance", "民事二审"),
    ("民申", "civil", "retrial_review", "民事申请再审审查"),
    ("民再", "civil", "retrial", "民事再审"),
    ("民辖终", "civil", "other", "民事管辖上诉"),
    ("民辖", "civil", "other", "民事管辖"),
    ("民特", "civil", "special", "民事特别程序（含司法确认）"),
    ("民诉前调", "civil", "other", "诉前调解"),
    ("财保", "civil", "preservation", "诉前财产保全"),
    ("行保", "civil", "preservation", "诉前行为保全"),
    ("证保", "civil", "preservation", "诉前证据保全"),
    ("行初", "administrative", "first_instance", "行政一审"),
    ("行终", "administrative", "second_instance", "行政二审"),
    ("行申", "administrative", "retrial_review", "行政申请再审审查"),
    ("行再", "administrative", "retrial", "行政再审"),
    ("行审", "administrative", "other", "非诉行政行为申请执行审查"),
    ("刑初", "criminal", "first_instance", "刑事一审"),
    ("刑终", "criminal", "second_instance", "刑事二审"),
    ("刑申", "criminal", "retrial_review", "刑事申诉审查"),
    ("刑再", "criminal", "retrial", "刑事再审"),
    ("执", "enforcement", "enforcement", "首次执行"),
    ("执恢", "enforcement", "enforcement", "恢复执行"),
    ("执异", "enforcement", "enforcement", "执行异议"),
    ("执复", "enforcement", "enforcement", "执行复议"),
    ("执监", "enforcement", "enforcement", "执行监督"),
    ("执保", "enforcement", "preservation", "财产保全执行"),
)

CASE_TYPES: MappingProxyType[str, CaseType] = MappingProxyType({code: CaseType(code, kind, stage, name) for code, kind, stage, name in _ROWS})
