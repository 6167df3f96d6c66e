from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ipcollab.identifiers import IdentifierError, PatentNumber, format_patent_number, parse_patent_number, patent_check_character
from ipcollab.identifiers.patents import WEIGHTS

from .strategies import current_patent_numbers, legacy_patent_numbers, patent_numbers, reference_check, written_patent_number

# Real published numbers. The first three are reference §2's examples; the others were seen on
# public pages (patent certificates, company and CV pages), each with its check character.
REAL = [
    ("201810557067.3", 2018, "invention", False, False, "3"),
    ("201710601862.3", 2017, "invention", False, False, "3"),  # the worked example of the formula's source
    ("93244252.8", 1993, "utility_model", False, True, "8"),
    ("201510958772.0", 2015, "invention", False, False, "0"),
    ("200510096239.4", 2005, "invention", False, False, "4"),
    ("201811564288.X", 2018, "invention", False, False, "X"),
    ("202010566088.9", 2020, "invention", False, False, "9"),
    ("202322865413.3", 2023, "utility_model", False, False, "3"),
    ("2022106357271", 2022, "invention", False, False, "1"),  # published as CN114911801A
    ("2017101580440", 2017, "invention", False, False, "0"),
]


@pytest.mark.parametrize(("text", "year", "kind", "pct", "legacy", "check"), REAL)
def test_real_published_numbers(text, year, kind, pct, legacy, check):
    parsed = parse_patent_number(text)
    body = text.replace(".", "")[:-1]
    assert parsed == PatentNumber(
        normalized=f"{body}.{check}", year=year, kind=kind, pct=pct, legacy=legacy, check=check, serial=body[-5:] if legacy else body[-7:]
    )
    assert str(parsed) == parsed.normalized
    assert parsed.patent_number == "ZL" + parsed.normalized
    assert patent_check_character(body) == check


@pytest.mark.parametrize(
    "variant",
    [
        "201810557067.3",
        "2018105570673",
        "ZL201810557067.3",
        "ZL 201810557067.3",
        "zl201810557067.3",
        "CN201810557067.3",
        "2018 1 0557067.3",
        "ZL2018 1 0557067.3",
        "２０１８１０５５７０６７．３",
        "ＺＬ２０１８１０５５７０６７.３",
        " 201810557067.3\n",
    ],
)
def test_normalisation_variants(variant):
    assert parse_patent_number(variant).normalized == "201810557067.3"


def test_lower_case_x_is_the_check_character_x():
    assert parse_patent_number("201811564288.x").normalized == "201811564288.X"
    assert parse_patent_number("ZL201811564288x").check == "X"


@pytest.mark.parametrize(
    ("digit", "kind", "pct"),
    [("1", "invention", False), ("2", "utility_model", False), ("3", "design", False), ("8", "invention", True), ("9", "utility_model", True)],
)
def test_type_digits(digit, kind, pct):
    body = f"2020{digit}0000001"
    parsed = parse_patent_number(body + patent_check_character(body))
    assert (parsed.kind, parsed.pct, parsed.legacy) == (kind, pct, False)
    legacy_body = f"99{digit}00001"
    parsed = parse_patent_number(legacy_body + "." + patent_check_character(legacy_body))
    assert (parsed.kind, parsed.pct, parsed.legacy, parsed.year) == (kind, pct, True, 1999)


@pytest.mark.parametrize(("two_digits", "year"), [("85", 1985), ("99", 1999), ("00", 2000), ("03", 2003)])
def test_old_format_year_pivot(two_digits, year):
    body = f"{two_digits}100001"
    assert parse_patent_number(body + patent_check_character(body)).year == year


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        (None, "empty"),
        (201810557067, "malformed"),
        ("1" * 101, "too_long"),
        ("CN114911801A", "publication_number"),
        ("CN 219910140 U", "publication_number"),
        ("cn1234567a", "publication_number"),
        ("CN102345678B", "publication_number"),
        ("CN305678901S", "publication_number"),
        ("ZL", "bad_length"),
        ("201810557067-3", "bad_character"),
        ("ZL201810557067.3A", "bad_character"),
        ("US201810557067.3", "bad_character"),
        ("201810557067..3", "malformed"),
        ("20181055706.73", "malformed"),
        ("201810557067.", "malformed"),
        ("2018105X7067.3", "malformed"),
        ("201810557067", "bad_length"),
        ("20181055706.7", "bad_length"),
        ("93244252", "bad_length"),
        ("2018105570673.3", "bad_length"),
        ("201840557067.3", "bad_kind_digit"),
        ("201800557067.3", "bad_kind_digit"),
        ("93444252.8", "bad_kind_digit"),
        ("04144252.8", "year_out_of_range"),
        ("84144252.8", "year_out_of_range"),
        ("200210557067.3", "year_out_of_range"),
        ("202810557067.3", "year_out_of_range"),
        ("201810557067.4", "bad_check_character"),
        ("201810557067.X", "bad_check_character"),
        ("93244252.9", "bad_check_character"),
    ],
)
def test_bad_input_is_refused_with_a_stable_code(text, code):
    with pytest.raises(IdentifierError) as caught:
        parse_patent_number(text, today=date(2026, 11, 25))
    assert caught.value.code == code


def test_year_bound_is_the_next_calendar_year():
    body = "202710000001"
    number = body + patent_check_character(body)
    assert parse_patent_number(number, today=date(2026, 1, 1)).year == 2027
    with pytest.raises(IdentifierError) as caught:
        parse_patent_number(number, today=date(2025, 12, 31))
    assert caught.value.code == "year_out_of_range"


@pytest.mark.parametrize(
    ("body", "code"), [("2018105570", "bad_length"), ("2018105570a7", "bad_character"), ("２０１８１０５５７０６７", "bad_character"), (None, "bad_character")]
)
def test_check_character_helper_refuses_bad_bodies(body, code):
    with pytest.raises(IdentifierError) as caught:
        patent_check_character(body)
    assert caught.value.code == code


def test_format_patent_number():
    assert format_patent_number("ZL2018105570673") == "201810557067.3"
    assert format_patent_number("201810557067.3", zl=True) == "ZL201810557067.3"
    assert format_patent_number("201810557067.3", spaced=True) == "2018 1 0557067.3"
    assert format_patent_number(parse_patent_number("93244252.8"), spaced=True, zl=True) == "ZL93 2 44252.8"
    with pytest.raises(IdentifierError):
        format_patent_number("201810557067.4")


def test_check_is_r_not_eleven_minus_r():
    # Σ for 201810557067 is 212 → r = 3; 11 − r would give 8.
    assert sum(int(d) * w for d, w in zip("201810557067", WEIGHTS, strict=True)) % 11 == 3
    with pytest.raises(IdentifierError):
        parse_patent_number("201810557067.8")


# --- properties ---------------------------------------------------------------------------------
@given(patent_numbers.flatmap(lambda n: st.tuples(st.just(n), written_patent_number(n))))
def test_every_generated_valid_number_parses_and_round_trips(example):
    normalized, written = example
    parsed = parse_patent_number(written)
    assert parsed.normalized == normalized
    assert parse_patent_number(parsed.normalized) == parsed
    assert parse_patent_number(format_patent_number(parsed, spaced=True, zl=True)) == parsed
    assert parsed.check == reference_check(normalized[:-2])


SUBSTITUTES = "0123456789X."


def _substitutions(text):
    for position, original in enumerate(text):
        for replacement in SUBSTITUTES:
            if replacement != original:
                yield text[:position] + replacement + text[position + 1 :]


@given(patent_numbers, st.booleans())
def test_every_single_character_substitution_is_rejected(normalized, drop_dot):
    """Why this holds: a digit d → d' at body position i changes Σ by wᵢ·(d' − d) with
    wᵢ ∈ 2..9 and 0 < |d' − d| ≤ 9; 11 is prime and divides neither factor, so r changes and
    the check character no longer matches. Changing the check character itself obviously
    mismatches; a dot or an X anywhere else breaks the shape."""
    text = normalized.replace(".", "") if drop_dot else normalized
    for corrupted in _substitutions(text):
        with pytest.raises(IdentifierError):
            parse_patent_number(corrupted)


@given(patent_numbers, st.sampled_from([1, 2]))
def test_transpositions_inside_the_body_are_rejected(normalized, distance):
    """Swapping distinct digits at body positions i and i + k changes Σ by
    (wᵢ − wᵢ₊ₖ)·(b − a). For k = 1 the weight differences are ±1 or 7 (9 → 2); for k = 2 they
    are ±2 or 6; none is a multiple of 11, so every such transposition is caught. (Swapping the
    last body digit with the check character is not guaranteed to be caught, and is not tested.)"""
    body, check = normalized[:-2], normalized[-1]
    for i in range(len(body) - distance):
        a, b = body[i], body[i + distance]
        if a == b:
            continue
        swapped = body[:i] + b + body[i + 1 : i + distance] + a + body[i + distance + 1 :]
        with pytest.raises(IdentifierError):
            parse_patent_number(f"{swapped}.{check}")


@given(current_patent_numbers(), legacy_patent_numbers())
def test_both_forms_are_told_apart_by_length(current, legacy):
    assert not parse_patent_number(current).legacy
    assert parse_patent_number(legacy).legacy


@example("ZL 2018 1 0557067.3")
@given(st.text(max_size=30))
def test_arbitrary_text_parses_to_a_fixed_point_or_raises_identifier_error(text):
    try:
        parsed = parse_patent_number(text)
    except IdentifierError as exc:
        assert exc.code
    else:
        assert parse_patent_number(parsed.normalized) == parsed
