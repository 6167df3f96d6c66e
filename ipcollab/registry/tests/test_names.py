import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from ipcollab.registry.names import COMPANY_FORMS, normalize_name


def test_traditional_matches_simplified():
    assert normalize_name("深圳市騰訊計算機系統有限公司") == normalize_name("深圳市腾讯计算机系统有限公司")
    assert normalize_name("深圳市騰訊計算機系統有限公司") == "深圳市腾讯计算机系统有限公司"


def test_full_width_latin_and_spaces():
    assert normalize_name("ＩＢＭ　Ｃｏｒｐｏｒａｔｉｏｎ") == normalize_name("IBM Corporation") == "ibmcorp"
    assert normalize_name("ＡＢＣ１２３") == "abc123"


def test_punctuation_of_both_widths_removed():
    assert normalize_name("某某（北京）科技有限公司") == normalize_name("某某(北京)科技有限公司") == "某某北京科技有限公司"
    assert normalize_name("约翰·史密斯") == "约翰史密斯"
    assert normalize_name("甲、乙；丙。") == "甲乙丙"


def test_company_form_equivalences_follow_the_company_law():
    assert normalize_name("华为技术有限责任公司") == normalize_name("华为技术有限公司")
    assert normalize_name("某某股份有限公司") == normalize_name("某某股份公司")
    # different legal forms stay different
    assert normalize_name("某某股份有限公司") != normalize_name("某某有限公司")
    assert normalize_name("某某有限公司") != normalize_name("某某公司")


def test_latin_company_forms():
    expected = normalize_name("Huawei Technologies Co., Ltd.")
    for variant in ("Huawei Technologies Co.,Ltd", "HUAWEI TECHNOLOGIES COMPANY LIMITED", "Huawei Technologies Co. Limited", "huawei technologies company ltd"):
        assert normalize_name(variant) == expected
    assert normalize_name("Acme Incorporated") == normalize_name("ACME, Inc.") == "acmeinc"
    assert normalize_name("Acme Ltd") != normalize_name("Acme Inc")


def test_a_bare_form_word_is_kept():
    assert normalize_name("Limited") == "limited"
    assert normalize_name("有限责任公司") == "有限责任公司"


def test_region_prefixes_kept():
    assert normalize_name("深圳市某公司") != normalize_name("北京市某公司")
    assert normalize_name("深圳市某公司").startswith("深圳市")


def test_empty():
    assert normalize_name("") == ""
    assert normalize_name(None) == ""
    assert normalize_name(" （）·、 ") == ""


def test_company_form_table_shrinks():
    for variant, canonical in COMPANY_FORMS:
        assert len(canonical) < len(variant)


@given(st.text(max_size=40))
def test_idempotent(text):
    once = normalize_name(text)
    assert normalize_name(once) == once


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=20))
def test_full_width_equals_half_width(text):
    full = "".join(chr(ord(c) + 0xFEE0) for c in text)
    assert normalize_name(full) == normalize_name(text)


@given(st.text(max_size=30))
def test_output_has_no_spaces_or_punctuation(text):
    for ch in normalize_name(text):
        assert unicodedata.category(ch)[0] in "LNM"
