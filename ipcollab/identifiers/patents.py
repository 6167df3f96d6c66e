"""Chinese patent application numbers (= patent numbers without ``ZL``), ZC 0006-2003.

Current form (from 2003-10-01): 4-digit year, 1 type digit, 7-digit serial, ``.``, check character.
Old form: 2-digit year (85–99 → 19xx, 00–03 → 20xx), 1 type digit, 5-digit serial, ``.``, check.
Check character: Σ digit·weight with weights 2,3,4,5,6,7,8,9,2,3,4,5 (the first 8 for the old
form), r = Σ mod 11, written ``r`` or ``X`` for 10 — not 11 − r.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ._text import prepare
from .errors import IdentifierError

WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
FIRST_CURRENT_YEAR = 2003
# type digit → (kind, PCT national phase)
KIND_DIGITS = {"1": ("invention", False), "2": ("utility_model", False), "3": ("design", False), "8": ("invention", True), "9": ("utility_model", True)}
_PREFIXES = ("ZL", "CN")
# CN + 7–10 digits + kind code (A, B, C, U, Y, S, optionally with a digit): a publication number.
_PUBLICATION = re.compile(r"(?:CN)?[0-9]{7,10}[ABCUYS][0-9]?")
_ALLOWED = frozenset("0123456789X.")


@dataclass(frozen=True, slots=True)
class PatentNumber:
    normalized: str
    year: int
    kind: str
    pct: bool
    legacy: bool
    check: str
    serial: str

    def __str__(self) -> str:
        return self.normalized

    @property
    def patent_number(self) -> str:
        """The number as a granted patent is cited: ``ZL`` + the application number."""
        return "ZL" + self.normalized


def patent_check_character(body: str) -> str:
    """The check character of an 8- or 12-digit body: ``0``–``9`` or ``X``."""
    if not isinstance(body, str) or not body.isascii() or not body.isdigit():
        raise IdentifierError("bad_character")
    if len(body) not in (8, 12):
        raise IdentifierError("bad_length")
    remainder = sum(int(digit) * weight for digit, weight in zip(body, WEIGHTS, strict=False)) % 11
    return "X" if remainder == 10 else str(remainder)


def _year(body: str, today: date | None) -> int:
    if len(body) == 8:
        short = int(body[:2])
        if 85 <= short <= 99:
            return 1900 + short
        if short <= 3:
            return 2000 + short
        raise IdentifierError("year_out_of_range")
    year = int(body[:4])
    if not FIRST_CURRENT_YEAR <= year <= (today or date.today()).year + 1:
        raise IdentifierError("year_out_of_range")
    return year


def parse_patent_number(text: object, *, today: date | None = None) -> PatentNumber:
    """Parse an application or patent number; raise :class:`IdentifierError` otherwise.

    Accepts a ``ZL`` or ``CN`` prefix, spaces, full-width digits and dot, a lower-case ``x`` and a
    missing dot before the check character (``2018105570673``). Publication numbers
    (``CN114911801A``) are refused with ``publication_number``.
    """
    value = prepare(text).upper()
    if _PUBLICATION.fullmatch(value):
        raise IdentifierError("publication_number")
    if value.startswith(_PREFIXES):
        value = value[2:]
    if not set(value) <= _ALLOWED:
        raise IdentifierError("bad_character")
    dots = value.count(".")
    if dots > 1 or (dots == 1 and value.index(".") != len(value) - 2):
        raise IdentifierError("malformed")
    digits = value.replace(".", "")
    if "X" in digits[:-1]:
        raise IdentifierError("malformed")
    if len(digits) not in (9, 13):
        raise IdentifierError("bad_length")
    body, check = digits[:-1], digits[-1]
    kind_digit = body[2] if len(body) == 8 else body[4]
    if kind_digit not in KIND_DIGITS:
        raise IdentifierError("bad_kind_digit")
    year = _year(body, today)
    if patent_check_character(body) != check:
        raise IdentifierError("bad_check_character")
    kind, pct = KIND_DIGITS[kind_digit]
    return PatentNumber(
        normalized=f"{body}.{check}",
        year=year,
        kind=kind,
        pct=pct,
        legacy=len(body) == 8,
        check=check,
        serial=body[3:] if len(body) == 8 else body[5:],
    )


def format_patent_number(number: object, *, zl: bool = False, spaced: bool = False) -> str:
    """Validate ``number`` and write it out: ``201810557067.3``; with ``spaced`` as the standard
    displays it (``2018 1 0557067.3``); with ``zl`` as a patent number (``ZL201810557067.3``)."""
    parsed = number if isinstance(number, PatentNumber) else parse_patent_number(number)
    text = parsed.normalized
    if spaced:
        split = 2 if parsed.legacy else 4
        text = f"{text[:split]} {text[split]} {text[split + 1 :]}"
    return ("ZL" if zl else "") + text
