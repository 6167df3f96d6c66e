from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ipcollab.identifiers import (
    CASE_TYPE_TABLE_EFFECTIVE,
    CASE_TYPE_TABLE_VERSION,
    CASE_TYPES,
    CaseNumber,
    IdentifierError,
    format_case_number,
    is_legacy_case_number,
    parse_case_number,
)
from ipcollab.identifiers.case_types import KINDS, STAGES

from .strategies import canonical_case_number, case_parts, written_case_number

# Published numbers (reference §1 and the judgments it cites).
REAL = [
    ("（2019）京0491民初16794号", 2019, "京0491", "basic", "", "民初", "civil", "first_instance", 16794),
    ("（2022）最高法知民终1584号", 2022, "最高法", "supreme", "知", "民终", "civil", "second_instance", 1584),
    ("(2021)沪73民初926号", 2021, "沪73", "intermediate", "", "民初", "civil", "first_instance", 926),
    ("(2022)沪民终485号", 2022, "沪", "high", "", "民终", "civil", "second_instance", 485),
    ("(2021)川0104民诉前调801号", 2021, "川0104", "basic", "", "民诉前调", "civil", "other", 801),
    ("(2019)京73行保1号", 2019, "京73", "intermediate", "", "行保", "civil", "preservation", 1),
    ("(2020)苏01民初3534号", 2020, "苏01", "intermediate", "", "民初", "civil", "first_instance", 3534),
    ("(2021)最高法知民终1353号", 2021, "最高法", "supreme", "知", "民终", "civil", "second_instance", 1353),
    ("(2021)最高法知民终1970号", 2021, "最高法", "supreme", "知", "民终", "civil", "second_instance", 1970),
]


@pytest.mark.parametrize(("text", "year", "court", "level", "specialized", "type_code", "kind", "stage", "sequence"), REAL)
def test_real_published_numbers(text, year, court, level, specialized, type_code, kind, stage, sequence):
    parsed = parse_case_number(text)
    assert parsed == CaseNumber(
        normalized=f"（{year}）{court}{specialized}{type_code}{sequence}号",
        year=year,
        court_code=court,
        court_level=level,
        specialized=specialized,
        type_code=type_code,
        kind=kind,
        stage=stage,
        sequence=sequence,
    )
    assert str(parsed) == parsed.normalized
    assert not is_legacy_case_number(text)


@pytest.mark.parametrize(
    "variant",
    [
        "（2022）最高法知民终1584号",
        "(2022)最高法知民终1584号",
        "〔2022〕最高法知民终1584号",
        "[2022]最高法知民终1584号",
        "【2022】最高法知民终1584号",
        "（２０２２）最高法知民终１５８４号",
        " ( 2022 ) 最高法 知 民终 1584 号 ",
        "（2022）最高法知民终1584",
        "\ufeff(2022)最高法知民终1584\u200b号",
        "(2022）最高法知民终1584号",
    ],
)
def test_normalisation_variants(variant):
    assert parse_case_number(variant).normalized == "（2022）最高法知民终1584号"


@pytest.mark.parametrize(
    ("text", "type_code", "kind", "stage"),
    [
        ("(2019)京73行保1号", "行保", "civil", "preservation"),  # conduct preservation, not administrative
        ("(2020)京73财保12号", "财保", "civil", "preservation"),
        ("(2020)沪73证保3号", "证保", "civil", "preservation"),
        ("(2020)京73执保3号", "执保", "enforcement", "preservation"),
        ("(2020)京73行初3号", "行初", "administrative", "first_instance"),
        ("(2020)京行审3号", "行审", "administrative", "other"),
        ("(2023)最高法知行终12号", "行终", "administrative", "second_instance"),
        ("(2020)京73民辖终3号", "民辖终", "civil", "other"),
        ("(2020)京73民辖3号", "民辖", "civil", "other"),
        ("(2021)京0491民特100号", "民特", "civil", "special"),
        ("(2021)京0491执100号", "执", "enforcement", "enforcement"),
        ("(2021)京0491执恢10号", "执恢", "enforcement", "enforcement"),
        ("(2021)最高法刑申12345678号", "刑申", "criminal", "retrial_review"),
        ("(2021)最高法民再7号", "民再", "civil", "retrial"),
    ],
)
def test_type_codes_map_through_the_table(text, type_code, kind, stage):
    parsed = parse_case_number(text)
    assert (parsed.type_code, parsed.kind, parsed.stage) == (type_code, kind, stage)


def test_longest_type_code_wins():
    assert parse_case_number("(2021)川0104民诉前调801号").type_code == "民诉前调"
    assert parse_case_number("(2021)京73民辖终8号").type_code == "民辖终"
    assert parse_case_number("(2021)京73执恢8号").type_code == "执恢"


def test_specialised_code_is_optional_and_never_required():
    with_zhi = parse_case_number("(2021)粤73知民初5号")
    without = parse_case_number("(2021)粤73民初5号")
    assert (with_zhi.specialized, without.specialized) == ("知", "")
    assert with_zhi.type_code == without.type_code == "民初"
    assert with_zhi.normalized != without.normalized


def test_court_levels_come_from_the_code_shape():
    assert parse_case_number("(2020)军民终1号").court_level == "high"
    assert parse_case_number("(2020)兵01民终1号").court_level == "intermediate"
    assert parse_case_number("(2020)内0102民初1号").court_level == "basic"
    assert parse_case_number("(2020)浙0192民初1号").court_code == "浙0192"


@pytest.mark.parametrize(
    "text", ["(2003)高民终字第242号", "（2015）闽民终字第1426号", "(2012)沪一中民五(知)初字第83号", "(2015)京73民初1号", "(2017)京民终字第1号"]
)
def test_legacy_numbers_are_refused_and_flagged(text):
    with pytest.raises(IdentifierError) as caught:
        parse_case_number(text)
    assert caught.value.code == "legacy_format"
    assert is_legacy_case_number(text)


@pytest.mark.parametrize("text", ["（2022）最高法知民终1584号", "", None, 42, "(1900)京民初1号", "(2015)abc", "字第"])
def test_not_legacy(text):
    assert not is_legacy_case_number(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        (2022, "malformed"),
        ("（2022）京73民初1号" * 10, "too_long"),
        ("2022最高法知民终1584号", "malformed"),
        ("（22）京73民初1号", "malformed"),
        ("（2022京73民初1号", "malformed"),
        ("（1900）京民初1号", "year_out_of_range"),
        ("（2028）京民初1号", "year_out_of_range"),
        ("（2022）最高人民法院民终1号", "bad_court_code"),
        ("（2022）北京民终1号", "bad_court_code"),
        ("（2022）港民终1号", "bad_court_code"),
        ("（2022）京7民初1号", "bad_court_code"),
        ("（2022）京731民初1号", "bad_court_code"),
        ("（2022）京049101民初1号", "bad_court_code"),
        ("（2022）京73号", "unknown_type_code"),
        ("（2022）京73民1号", "unknown_type_code"),
        ("（2022）京73民初字1号", "unknown_type_code"),
        ("（2022）京73知知民初1号", "unknown_type_code"),
        ("（2022）京73民终知1号", "unknown_type_code"),
        ("（2022）京73赔1号", "unknown_type_code"),
        ("（2022）京73民初号", "bad_sequence"),
        ("（2022）京73民初0号", "bad_sequence"),
        ("（2022）京73民初012号", "bad_sequence"),
        ("（2022）京73民初123456789号", "bad_sequence"),
        ("（2022）京73民初12a号", "malformed"),
        ("（2022）京73民初12号号", "malformed"),
        ("（2022）京73民初１٢号", "malformed"),  # an Arabic-Indic digit is not a digit here
    ],
)
def test_bad_input_is_refused_with_a_stable_code(text, code):
    with pytest.raises(IdentifierError) as caught:
        parse_case_number(text, today=date(2026, 11, 25))
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)


def test_year_bound_is_the_next_calendar_year():
    assert parse_case_number("（2027）京民初1号", today=date(2026, 12, 31)).year == 2027
    with pytest.raises(IdentifierError, match="年份"):
        parse_case_number("（2027）京民初1号", today=date(2025, 6, 1))
    assert parse_case_number("（2016）京民初1号").year == 2016


def test_format_case_number_builds_the_normalised_text():
    assert format_case_number(2022, "最高法", "民终", 1584, specialized="知") == "（2022）最高法知民终1584号"
    with pytest.raises(IdentifierError):
        format_case_number(2022, "最高法", "民", 1584)


def test_the_type_table_is_versioned_data():
    assert CASE_TYPE_TABLE_VERSION
    assert CASE_TYPE_TABLE_EFFECTIVE == date(2016, 1, 1)
    assert {
        "民初",
        "民终",
        "民申",
        "民再",
        "民辖终",
        "民辖",
        "民特",
        "民诉前调",
        "财保",
        "行保",
        "证保",
        "执",
        "执恢",
        "执异",
        "执复",
        "执监",
        "执保",
        "行审",
        "行初",
        "行终",
        "行申",
        "行再",
        "刑初",
        "刑终",
        "刑申",
        "刑再",
    } <= set(CASE_TYPES)
    for code, row in CASE_TYPES.items():
        assert row.code == code and row.kind in KINDS and row.stage in STAGES and row.name
    assert all(CASE_TYPES[code].kind == "civil" for code in ("财保", "行保", "证保"))
    with pytest.raises(TypeError):
        CASE_TYPES["民X"] = CASE_TYPES["民初"]  # type: ignore[index]


@given(case_parts().flatmap(lambda parts: st.tuples(st.just(parts), written_case_number(parts))))
def test_every_generated_valid_number_parses_and_round_trips(example):
    parts, written = example
    parsed = parse_case_number(written)
    assert parsed.normalized == canonical_case_number(parts)
    assert (parsed.year, parsed.court_code, parsed.specialized, parsed.type_code, parsed.sequence) == (
        parts["year"],
        parts["court_code"],
        parts["specialized"],
        parts["type_code"],
        parts["sequence"],
    )
    assert (parsed.kind, parsed.stage) == (CASE_TYPES[parts["type_code"]].kind, CASE_TYPES[parts["type_code"]].stage)
    assert parse_case_number(parsed.normalized) == parsed
    assert not is_legacy_case_number(written)


@given(case_parts())
def test_legacy_spelling_of_a_valid_number_is_always_refused(parts):
    legacy = canonical_case_number(parts).replace(f"{parts['type_code']}{parts['sequence']}号", f"{parts['type_code']}字第{parts['sequence']}号")
    assert is_legacy_case_number(legacy)
    with pytest.raises(IdentifierError) as caught:
        parse_case_number(legacy)
    assert caught.value.code == "legacy_format"


@example("（2022）最高法知民终1584号")
@given(st.text(max_size=40))
def test_arbitrary_text_either_parses_to_a_fixed_point_or_raises_identifier_error(text):
    try:
        parsed = parse_case_number(text)
    except IdentifierError as exc:
        assert exc.code
    else:
        assert parse_case_number(parsed.normalized) == parsed
