import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcollab.identifiers import IdentifierError, TrademarkNumber, parse_trademark_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12345678", TrademarkNumber("12345678", False, 12345678)),
        ("1", TrademarkNumber("1", False, 1)),
        (" 1234 5678 ", TrademarkNumber("12345678", False, 12345678)),
        ("１２３４５", TrademarkNumber("12345", False, 12345)),
        ("G1234567", TrademarkNumber("G1234567", True, 1234567)),
        ("g 1016749", TrademarkNumber("G1016749", True, 1016749)),
    ],
)
def test_parses_domestic_and_international_numbers(text, expected):
    parsed = parse_trademark_number(text)
    assert parsed == expected
    assert str(parsed) == expected.normalized


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        (None, "empty"),
        (123, "malformed"),
        ("123456789", "bad_length"),
        ("G12345678", "bad_length"),
        ("G", "bad_length"),
        ("12A45", "bad_character"),
        ("GG123", "bad_character"),
        ("第123号", "bad_character"),
        ("0123", "malformed"),
        ("G0123", "malformed"),
    ],
)
def test_bad_input_is_refused_with_a_stable_code(text, code):
    with pytest.raises(IdentifierError) as caught:
        parse_trademark_number(text)
    assert caught.value.code == code


@given(st.integers(1, 99_999_999), st.booleans())
def test_every_domestic_number_round_trips(number, spaced):
    text = " ".join(str(number)) if spaced else str(number)
    parsed = parse_trademark_number(text)
    assert (parsed.normalized, parsed.international, parsed.number) == (str(number), False, number)
    assert parse_trademark_number(parsed.normalized) == parsed


@given(st.integers(1, 9_999_999))
def test_every_international_number_round_trips(number):
    parsed = parse_trademark_number(f"G{number}")
    assert (parsed.normalized, parsed.international) == (f"G{number}", True)
    assert parse_trademark_number(parsed.normalized) == parsed
