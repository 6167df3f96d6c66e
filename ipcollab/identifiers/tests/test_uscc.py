import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from ipcollab.identifiers import IdentifierError, organization_code_check_character, uscc_check_character, validate_uscc
from ipcollab.identifiers.uscc import ALPHABET, WEIGHTS

from .strategies import usccs

# Published codes: the example of GB 32100 itself, python-stdnum's example, and companies'
# codes as printed on their own pages and licences.
REAL = [
    "91350100M000100Y43",  # GB 32100-2015 example
    "91110000600037341L",  # python-stdnum documentation
    "914403001922038216",  # 华为技术有限公司
    "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司 (embedded check X)
    "91330100716105852F",  # 阿里巴巴（中国）有限公司
    "91440300MA5H0HLK5U",
    "91133100MA0D8N1J7G",
]


@pytest.mark.parametrize("code", REAL)
def test_real_published_codes(code):
    assert validate_uscc(code) == code
    assert stdnum_uscc.is_valid(code)


@pytest.mark.parametrize(
    "variant",
    [
        "9144030071526726XG",
        "9144030071526726xg",
        "91 4403 0071526726 XG",
        "9144-0300-7152-6726-XG",
        "９１４４０３００７１５２６７２６ＸＧ",
        "\u200b9144030071526726XG\n",
    ],
)
def test_normalisation_variants(variant):
    assert validate_uscc(variant) == "9144030071526726XG"


def test_weights_are_powers_of_three_mod_31():
    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert len(ALPHABET) == 31 and not set("IOSVZ") & set(ALPHABET)


@pytest.mark.parametrize(("body", "check"), [("19220382", "1"), ("71526726", "X"), ("M000100Y", "4"), ("60003734", "1")])
def test_organisation_code_check(body, check):
    assert organization_code_check_character(body) == check


def test_organisation_check_maps_eleven_to_zero():
    # Σ ≡ 0 (mod 11) → c = 11 → "0"
    assert organization_code_check_character("00000000") == "0"


@pytest.mark.parametrize("prefix", ["A", "N", "Y"])
def test_a_n_y_prefixed_codes_are_accepted_where_stdnum_refuses_them(prefix):
    first17 = prefix + "1110000600037341"
    code = first17 + uscc_check_character(first17)
    assert validate_uscc(code) == code
    assert not stdnum_uscc.is_valid(code)


def test_central_registrations_use_region_100000():
    first17 = "11100000" + "00001234" + organization_code_check_character("00001234")
    code = first17 + uscc_check_character(first17)
    assert validate_uscc(code) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        (None, "empty"),
        (914403001922038216, "malformed"),
        ("9" * 101, "too_long"),
        ("91440300192203821", "bad_length"),
        ("9144030019220382166", "bad_length"),
        ("91440300I92203821X", "bad_character"),  # I is not in the alphabet
        ("9144030019220382S6", "bad_character"),
        ("914403001922038_16", "bad_character"),
        ("B14403001922038216", "bad_department"),
        ("01440300192203821X", "bad_department"),
        ("91990300192203821X", "bad_region"),
        ("9144A300192203821X", "bad_region"),
        ("91200000192203821X", "bad_region"),
        ("914403001922038226", "bad_org_check_character"),
        ("914403001922038217", "bad_check_character"),
        ("91350100M000100Y4X", "bad_check_character"),
    ],
)
def test_bad_input_is_refused_with_a_stable_code(text, code):
    with pytest.raises(IdentifierError) as caught:
        validate_uscc(text)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("function", "argument"),
    [
        (uscc_check_character, "9144030019220382"),
        (uscc_check_character, "91440300192203821I"[:17].replace("1", "I")),
        (organization_code_check_character, "1922038"),
        (organization_code_check_character, "1922038a"),
        (organization_code_check_character, "1922038-"),
    ],
)
def test_helpers_refuse_bad_input(function, argument):
    with pytest.raises(IdentifierError) as caught:
        function(argument)
    assert caught.value.code == "bad_character"


# --- properties ---------------------------------------------------------------------------------
@given(usccs(), st.sampled_from(["", " ", "-"]), st.booleans())
def test_every_generated_valid_code_validates_and_round_trips(code, separator, lower):
    written = separator.join([code[:2], code[2:8], code[8:17], code[17]])
    written = written.lower() if lower else written
    assert validate_uscc(written) == code
    assert validate_uscc(code) == code


@given(usccs(departments="123456789", categories="0123456789"))
def test_stdnum_agrees_on_digit_prefixed_codes(code):
    # python-stdnum requires the first 8 characters to be digits and skips the embedded check.
    assert stdnum_uscc.is_valid(code)
    assert stdnum_uscc.calc_check_digit(code[:17]) == code[17]


SUBSTITUTES = ALPHABET + "IOSVZ"


@given(usccs())
def test_every_single_character_substitution_is_rejected(code):
    """Why this holds: replacing the character at position i (of 1–17) changes Σ by
    3^(i−1)·(v' − v) with 0 < |v' − v| < 31; 31 is prime and divides neither factor, so the 18th
    character no longer matches. Replacing the 18th character mismatches by definition, and a
    letter outside the alphabet (I, O, S, V, Z) is refused as a character."""
    for position, original in enumerate(code):
        for replacement in SUBSTITUTES:
            if replacement != original:
                with pytest.raises(IdentifierError):
                    validate_uscc(code[:position] + replacement + code[position + 1 :])


@given(usccs())
def test_adjacent_transpositions_in_the_first_17_characters_are_rejected(code):
    """Swapping distinct neighbours at i, i+1 changes Σ by (3^i − 3^(i+1))·(b − a) =
    −2·3^i·(b − a), never a multiple of 31. (Swapping positions 17 and 18 is not guaranteed.)"""
    for i in range(16):
        a, b = code[i], code[i + 1]
        if a != b:
            with pytest.raises(IdentifierError):
                validate_uscc(code[:i] + b + a + code[i + 2 :])
