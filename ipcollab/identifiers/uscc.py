"""Unified Social Credit Code (统一社会信用代码, GB 32100-2015).

18 characters from ``0-9 A-H J-N P-R T U W-Y``: registration department (1), entity category (2),
GB/T 2260 division code of the registering authority (3–8), the GB 11714 organisation code with
its own check character (9–17), and the GB/T 17710 MOD 31 check character (18). Both check
characters are verified here (python-stdnum checks only the last one and refuses valid codes
that start with ``A``, ``N`` or ``Y``).
"""

from __future__ import annotations

from operator import mul

from ._text import prepare
from .errors import IdentifierError
from .regions import PROVINCE_PREFIXES

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUES = {char: index for index, char in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, …
ORGANIZATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORGANIZATION_VALUES = {char: int(char) if char.isdigit() else ord(char) - 55 for char in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
# 1 机构编制 2 外交 3 司法行政 4 文化 5 民政 6 旅游 7 宗教 8 工会 9 市场监管 A 中央军委改革和编制办公室 N 农业 Y 其他
DEPARTMENTS = frozenset("123456789ANY")
NATIONAL_REGION = "100000"  # central-level registrations


def uscc_check_character(first17: str) -> str:
    """The 18th character for the first 17 characters of a credit code."""
    if len(first17) != 17 or not set(first17) <= _VALUES.keys():
        raise IdentifierError("bad_character")
    total = sum(map(mul, map(_VALUES.__getitem__, first17), WEIGHTS))  # linking checks ~100,000 codes a run
    return ALPHABET[(31 - total % 31) % 31]


def organization_code_check_character(body: str) -> str:
    """The 9th character of a GB 11714 organisation code for its first 8 characters."""
    if len(body) != 8 or not body.isascii() or not body.isalnum() or not body.upper() == body:
        raise IdentifierError("bad_character")
    total = sum(map(mul, map(_ORGANIZATION_VALUES.__getitem__, body), ORGANIZATION_WEIGHTS))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def _plausible_region(code: str) -> bool:
    return code.isascii() and code.isdigit() and (code[:2] in PROVINCE_PREFIXES or code == NATIONAL_REGION)


def validate_uscc(text: object) -> str:
    """Return the credit code normalised (upper case, no spaces or hyphens) or raise
    :class:`IdentifierError`."""
    code = prepare(text, remove="-").upper()
    if len(code) != 18:
        raise IdentifierError("bad_length")
    if not set(code) <= _VALUES.keys():
        raise IdentifierError("bad_character")
    if code[0] not in DEPARTMENTS:
        raise IdentifierError("bad_department")
    if not _plausible_region(code[2:8]):
        raise IdentifierError("bad_region")
    if organization_code_check_character(code[8:16]) != code[16]:
        raise IdentifierError("bad_org_check_character")
    if uscc_check_character(code[:17]) != code[17]:
        raise IdentifierError("bad_check_character")
    return code
