import pickle

import pytest

from ipcollab.identifiers import CODES, IdentifierError
from ipcollab.identifiers._text import MAX_INPUT_LENGTH, prepare
from ipcollab.identifiers.errors import MESSAGES_EN, MESSAGES_ZH

DOCUMENTED = {
    "empty",
    "too_long",
    "malformed",
    "legacy_format",
    "year_out_of_range",
    "bad_court_code",
    "unknown_type_code",
    "bad_sequence",
    "bad_length",
    "bad_character",
    "bad_kind_digit",
    "bad_check_character",
    "bad_org_check_character",
    "bad_department",
    "bad_region",
    "publication_number",
}


def test_codes_are_stable_and_have_both_messages():
    assert set(CODES) == DOCUMENTED == set(MESSAGES_ZH) == set(MESSAGES_EN)
    assert all(MESSAGES_ZH[code] and MESSAGES_EN[code] for code in CODES)


@pytest.mark.parametrize("code", sorted(DOCUMENTED))
def test_error_carries_code_and_messages(code):
    error = IdentifierError(code)
    assert isinstance(error, ValueError)
    assert error.code == code
    assert str(error) == error.message_zh == MESSAGES_ZH[code]
    assert error.message_en == MESSAGES_EN[code]
    assert repr(error) == f"IdentifierError({code!r})"
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), copy.code, str(copy)) == (IdentifierError, code, str(error))


def test_unknown_code_is_a_programming_error():
    with pytest.raises(KeyError):
        IdentifierError("no_such_code")


def test_docs_list_every_code():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[3] / "docs" / "identifiers.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in text, code


def test_prepare_strips_whitespace_and_invisible_characters():
    assert prepare(" a\u3000b\u00a0c\u200b\ufeff\td\n") == "abcd"
    assert prepare("a-b-c", remove="-") == "abc"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (None, "empty"),
        ("", "empty"),
        (" \u3000\u200b", "empty"),
        ("--", "empty"),
        (b"123", "malformed"),
        ("x" * (MAX_INPUT_LENGTH + 1), "too_long"),
        ("\ufdfa" * 10, "too_long"),
    ],
)
def test_prepare_refuses(text, code):
    with pytest.raises(IdentifierError) as caught:
        prepare(text, remove="-")
    assert caught.value.code == code
