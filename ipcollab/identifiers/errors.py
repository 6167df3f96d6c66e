"""The one exception of the package: a ``ValueError`` with a stable machine code.

Callers branch on ``.code`` (listed in docs/identifiers.md and never renamed); people read
``str(exc)``, which is the Chinese message. The English text is kept beside it so that an API or
an agency integration can answer in either language without Django being configured here.
"""

from __future__ import annotations

MESSAGES_ZH: dict[str, str] = {
    "empty": "请填写编号。",
    "too_long": "编号过长。",
    "malformed": "编号格式不正确。",
    "legacy_format": "这是2016年以前的旧式案号（含“字第”或收案年度早于2016年），不能按现行案号解析。",
    "year_out_of_range": "编号中的年份不在允许的范围内。",
    "bad_court_code": "法院代字不正确：应为“最高法”、省级简称，或省级简称加2位或4位数字。",
    "unknown_type_code": "案件类型代字无法识别。",
    "bad_sequence": "案件编号应为不以0开头的自然数（最多8位）。",
    "bad_length": "编号长度不正确。",
    "bad_character": "编号中含有不允许的字符。",
    "bad_kind_digit": "专利申请号中的申请种类数字不正确（应为1、2、3、8或9）。",
    "bad_check_character": "校验位不正确，请核对编号是否抄错。",
    "bad_org_check_character": "统一社会信用代码中组织机构代码的校验位（第17位）不正确。",
    "bad_department": "统一社会信用代码的登记管理部门代码（第1位）不正确。",
    "bad_region": "行政区划代码不正确或不存在。",
    "publication_number": "这是专利公布号或公告号，不是专利申请号（专利号）。",
}

MESSAGES_EN: dict[str, str] = {
    "empty": "Enter a number.",
    "too_long": "The number is too long.",
    "malformed": "The number is not in the expected format.",
    "legacy_format": "This is a pre-2016 case number (with 字第 or a filing year before 2016); it cannot be parsed as a current case number.",
    "year_out_of_range": "The year in the number is out of the accepted range.",
    "bad_court_code": "Invalid court code: expected 最高法, a province abbreviation, or a province abbreviation followed by 2 or 4 digits.",
    "unknown_type_code": "Unknown case type code.",
    "bad_sequence": "The case sequence must be a natural number without leading zeros (at most 8 digits).",
    "bad_length": "The number has the wrong length.",
    "bad_character": "The number contains a character that is not allowed.",
    "bad_kind_digit": "Invalid application type digit in the patent number (expected 1, 2, 3, 8 or 9).",
    "bad_check_character": "The check character does not match; the number was probably mistyped.",
    "bad_org_check_character": "The organisation-code check character (position 17) of the credit code does not match.",
    "bad_department": "Invalid registration department code (position 1) of the credit code.",
    "bad_region": "Invalid or unknown administrative division code.",
    "publication_number": "This is a patent publication number, not an application (patent) number.",
}

CODES: tuple[str, ...] = tuple(MESSAGES_ZH)


class IdentifierError(ValueError):
    """A malformed or invalid identifier. ``code`` is stable; ``str(exc)`` is the Chinese message."""

    def __init__(self, code: str):
        if code not in MESSAGES_ZH:
            raise KeyError(f"unknown identifier error code: {code!r}")
        self.code = code
        super().__init__(MESSAGES_ZH[code])

    @property
    def message_zh(self) -> str:
        return MESSAGES_ZH[self.code]

    @property
    def message_en(self) -> str:
        return MESSAGES_EN[self.code]

    def __reduce__(self):
        return (type(self), (self.code,))

    def __repr__(self) -> str:
        return f"IdentifierError({self.code!r})"
