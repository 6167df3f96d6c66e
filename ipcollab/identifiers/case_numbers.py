"""Court case numbers (案号), per 法〔2015〕137号 as amended: ``（年度）法院代字[知]类型代字编号号``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ._text import prepare
from .case_types import CASE_TYPES
from .errors import IdentifierError

MODERN_FROM_YEAR = 2016
EARLIEST_LEGACY_YEAR = 1949
SUPREME_COURT = "最高法"
# The one-character court codes of the 31 provincial high courts, the PLA Military Court and the
# XPCC branch court. Courts write Yunnan 云 (not 滇), Guizhou 黔, Inner Mongolia 内.
PROVINCE_ABBREVIATIONS = frozenset("京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新军兵")
SPECIALIZED_CODES = frozenset("知")
MAX_SEQUENCE_DIGITS = 8

_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "（", "]": "）", "〔": "（", "〕": "）", "【": "（", "】": "）", "﹝": "（", "﹞": "）"})
_HEAD = re.compile(r"（([0-9]+)）")
_LEGACY_WITH_ZIDI = re.compile(r"（([0-9]{4})）.+字第[0-9]+号")
_LEGACY_BY_YEAR = re.compile(r"（([0-9]{4})）.*[^0-9][0-9]+号")
_LEVELS = {0: "high", 2: "intermediate", 4: "basic"}


@dataclass(frozen=True, slots=True)
class CaseNumber:
    normalized: str
    year: int
    court_code: str
    court_level: str
    specialized: str
    type_code: str
    kind: str
    stage: str
    sequence: int

    def __str__(self) -> str:
        return self.normalized


def _normalize(text: object) -> str:
    text = prepare(text).translate(_BRACKETS)
    if not text.endswith("号"):
        text += "号"
    return text


def _max_year(today: date | None) -> int:
    return (today or date.today()).year + 1


def _is_legacy(text: str, max_year: int) -> bool:
    match = _LEGACY_WITH_ZIDI.fullmatch(text)
    if match:
        return EARLIEST_LEGACY_YEAR <= int(match.group(1)) <= max_year
    match = _LEGACY_BY_YEAR.fullmatch(text)
    return bool(match) and EARLIEST_LEGACY_YEAR <= int(match.group(1)) < MODERN_FROM_YEAR


def is_legacy_case_number(text: object, *, today: date | None = None) -> bool:
    """True for a pre-2016 style number (``字第``, or a filing year before 2016), which callers keep
    as an opaque, flagged string. Never raises."""
    try:
        return _is_legacy(_normalize(text), _max_year(today))
    except IdentifierError:
        return False


def format_case_number(year: int, court_code: str, type_code: str, sequence: int, *, specialized: str = "") -> str:
    """The normalised text of a case number built from its parts (validated by parsing it)."""
    return parse_case_number(f"（{year}）{court_code}{specialized}{type_code}{sequence}号").normalized


def parse_case_number(text: object, *, today: date | None = None) -> CaseNumber:
    """Parse a current (2016+) case number; raise :class:`IdentifierError` otherwise.

    Brackets may be full- or half-width, ``〔〕``/``[]``/``【】``; spaces and a missing trailing
    ``号`` are tolerated; full-width digits are read as ASCII. ``today`` (default: the system
    date) bounds the year: at most the next calendar year.
    """
    normalized = _normalize(text)
    max_year = _max_year(today)
    if _is_legacy(normalized, max_year):
        raise IdentifierError("legacy_format")
    head = _HEAD.match(normalized)
    if not head or len(head.group(1)) != 4:
        raise IdentifierError("malformed")
    year = int(head.group(1))
    if not MODERN_FROM_YEAR <= year <= max_year:
        raise IdentifierError("year_out_of_range")
    rest = normalized[head.end() : -1]

    if rest.startswith(SUPREME_COURT):
        court_code, level = SUPREME_COURT, "supreme"
    elif rest[:1] in PROVINCE_ABBREVIATIONS:
        digits = re.match(r"[0-9]*", rest[1:]).group()
        if len(digits) not in _LEVELS:
            raise IdentifierError("bad_court_code")
        court_code, level = rest[: 1 + len(digits)], _LEVELS[len(digits)]
    else:
        raise IdentifierError("bad_court_code")
    rest = rest[len(court_code) :]

    specialized = rest[:1] if rest[:1] in SPECIALIZED_CODES else ""
    rest = rest[len(specialized) :]

    tail = re.fullmatch(r"([^0-9]*)([0-9]*)", rest)
    if not tail:
        raise IdentifierError("malformed")
    type_code, digits = tail.groups()
    case_type = CASE_TYPES.get(type_code)
    if case_type is None:
        raise IdentifierError("unknown_type_code")
    if not digits or digits[0] == "0" or len(digits) > MAX_SEQUENCE_DIGITS:
        raise IdentifierError("bad_sequence")

    return CaseNumber(
        normalized=f"（{year}）{court_code}{specialized}{type_code}{digits}号",
        year=year,
        court_code=court_code,
        court_level=level,
        specialized=specialized,
        type_code=type_code,
        kind=case_type.kind,
        stage=case_type.stage,
        sequence=int(digits),
    )
