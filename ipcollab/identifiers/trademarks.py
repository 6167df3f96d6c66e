"""Trademark registration numbers: a plain integer without a check digit.

A domestic application number becomes the registration number: 1 to 8 digits. Madrid
designations carry the WIPO international registration number, written with a ``G`` prefix
(``G1234567``, 1 to 7 digits) — the prefix is what marks a number as international.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._text import prepare
from .errors import IdentifierError

MAX_DOMESTIC_DIGITS = 8
MAX_INTERNATIONAL_DIGITS = 7
INTERNATIONAL_PREFIX = "G"


@dataclass(frozen=True, slots=True)
class TrademarkNumber:
    normalized: str
    international: bool
    number: int

    def __str__(self) -> str:
        return self.normalized


def parse_trademark_number(text: object) -> TrademarkNumber:
    """Parse ``12345678`` or ``G1234567`` (spaces, full-width digits and a lower-case ``g``
    tolerated); raise :class:`IdentifierError` otherwise."""
    value = prepare(text).upper()
    international = value.startswith(INTERNATIONAL_PREFIX)
    digits = value[1:] if international else value
    if not digits.isascii() or not digits.isdigit():
        raise IdentifierError("bad_character" if digits else "bad_length")
    if len(digits) > (MAX_INTERNATIONAL_DIGITS if international else MAX_DOMESTIC_DIGITS):
        raise IdentifierError("bad_length")
    if digits[0] == "0":
        raise IdentifierError("malformed")
    return TrademarkNumber(normalized=(INTERNATIONAL_PREFIX if international else "") + digits, international=international, number=int(digits))
