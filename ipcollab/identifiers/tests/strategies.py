"""Hypothesis strategies that build valid identifiers from their parts (by the rules of
reference §1–3, independently of the parsers under test) and reformat them the way people and
agency systems write them."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from ipcollab.identifiers.case_numbers import PROVINCE_ABBREVIATIONS
from ipcollab.identifiers.case_types import CASE_TYPES

TODAY = date(2026, 11, 25)
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
PATENT_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
PROVINCE_PREFIXES = "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()

digit = st.sampled_from("0123456789")


def digits(n: int):
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


# --- case numbers -------------------------------------------------------------------------------
court_codes = st.one_of(
    st.just("最高法"),
    st.sampled_from(sorted(PROVINCE_ABBREVIATIONS)),
    st.builds(str.__add__, st.sampled_from(sorted(PROVINCE_ABBREVIATIONS)), digits(2)),
    st.builds(str.__add__, st.sampled_from(sorted(PROVINCE_ABBREVIATIONS)), digits(4)),
)


@st.composite
def case_parts(draw):
    return {
        "year": draw(st.integers(2016, TODAY.year)),
        "court_code": draw(court_codes),
        "specialized": draw(st.sampled_from(["", "知"])),
        "type_code": draw(st.sampled_from(sorted(CASE_TYPES))),
        "sequence": draw(st.integers(1, 99_999_999)),
    }


def canonical_case_number(parts) -> str:
    return f"（{parts['year']}）{parts['court_code']}{parts['specialized']}{parts['type_code']}{parts['sequence']}号"


@st.composite
def written_case_number(draw, parts):
    """The number as it is found in the wild: any bracket style, stray spaces, full-width digits,
    with or without the final 号."""
    opening, closing = draw(st.sampled_from([("（", "）"), ("(", ")"), ("〔", "〕"), ("[", "]"), ("［", "］"), ("【", "】")]))
    pieces = [opening, str(parts["year"]), closing, parts["court_code"], parts["specialized"], parts["type_code"], str(parts["sequence"])]
    if draw(st.booleans()):
        pieces.append("号")
    text = draw(st.sampled_from(["", " ", "\u3000"])).join(pieces)
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH_DIGITS)
    return draw(st.sampled_from(["", " ", "\t"])) + text + draw(st.sampled_from(["", " ", "\n"]))


# --- patents ------------------------------------------------------------------------------------
def reference_check(body: str) -> str:
    remainder = sum(int(d) * w for d, w in zip(body, PATENT_WEIGHTS, strict=False)) % 11  # 8-digit bodies use the first 8 weights
    return "X" if remainder == 10 else str(remainder)


kind_digits = st.sampled_from("12389")


@st.composite
def current_patent_numbers(draw):
    body = str(draw(st.integers(2003, TODAY.year))) + draw(kind_digits) + draw(digits(7))
    return f"{body}.{reference_check(body)}"


@st.composite
def legacy_patent_numbers(draw):
    year = draw(st.sampled_from([f"{y:02d}" for y in [*range(85, 100), 0, 1, 2, 3]]))
    body = year + draw(kind_digits) + draw(digits(5))
    return f"{body}.{reference_check(body)}"


patent_numbers = st.one_of(current_patent_numbers(), legacy_patent_numbers())


@st.composite
def written_patent_number(draw, normalized):
    text = normalized
    if draw(st.booleans()):
        text = text.replace(".", "")
    if draw(st.booleans()):
        text = text.replace("X", "x")
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH_DIGITS).replace(".", "．")
    if draw(st.booleans()):  # the standard's display: a space after the year and after the type
        split = 4 if len(normalized) == 14 else 2
        text = f"{text[:split]} {text[split]} {text[split + 1 :]}"
    return draw(st.sampled_from(["", "ZL", "CN", "zl", "ZL ", "CN "])) + text


# --- credit codes -------------------------------------------------------------------------------
def reference_uscc_check(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def reference_org_check(body: str) -> str:
    total = sum((int(c) if c.isdigit() else ord(c) - ord("A") + 10) * w for c, w in zip(body, [3, 7, 9, 10, 5, 8, 4, 2], strict=True))
    c = 11 - total % 11
    return {10: "X", 11: "0"}.get(c, str(c))


@st.composite
def usccs(draw, departments="123456789ANY", categories=USCC_ALPHABET):
    region = draw(st.one_of(st.builds(str.__add__, st.sampled_from(PROVINCE_PREFIXES), digits(4)), st.just("100000")))
    org_body = draw(st.text(alphabet=USCC_ALPHABET, min_size=8, max_size=8))
    first17 = draw(st.sampled_from(departments)) + draw(st.sampled_from(categories)) + region + org_body + reference_org_check(org_body)
    return first17 + reference_uscc_check(first17)
