import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from opencc import OpenCC

from ipcollab.search.tokenizer import (
    MAX_QUERY_TOKENS,
    MAX_TOKEN_LENGTH,
    _traditional_chars,
    index_text,
    normalize,
    query_tokens,
    to_simplified,
    tokenize,
)


def test_cjk_runs_become_overlapping_bigrams():
    assert tokenize("知识产权") == ["知识", "识产", "产权"]


def test_a_lone_cjk_character_stays_a_unigram():
    assert tokenize("中") == ["中"]
    assert tokenize("第 1 号") == ["第", "1", "号"]


def test_ascii_runs_are_kept_whole_and_lower_cased():
    assert tokenize("Huawei Technologies CO., LTD") == ["huawei", "technologies", "co", "ltd"]


def test_mixed_scripts_split_at_the_script_boundary():
    assert tokenize("华为Huawei2020年专利") == ["华为", "huawei2020", "年专", "专利"]


def test_full_width_letters_digits_and_punctuation_are_nfkc_folded():
    assert tokenize("ＺＬ２０１８１０５５７０６７．３") == tokenize("ZL201810557067.3")
    assert tokenize("（有限公司）") == tokenize("(有限公司)") == ["有限", "限公", "公司"]


def test_traditional_and_simplified_give_the_same_tokens():
    assert tokenize("臺灣") == tokenize("台湾") == ["台湾"]
    assert tokenize("華為技術有限公司") == tokenize("华为技术有限公司")
    assert tokenize("專利權") == tokenize("专利权")


def test_company_form_variants_share_their_tokens():
    simplified = set(tokenize("深圳市腾讯计算机系统有限公司"))
    assert set(tokenize("深圳市騰訊計算機系統有限公司")) == simplified
    assert set(tokenize("深圳市腾讯计算机系统有限责任公司")) >= {"有限", "公司", "腾讯"}
    assert set(tokenize("深圳市腾讯计算机系统(有限公司)")) <= simplified


def test_dotted_numbers_give_the_dotted_and_the_plain_token():
    assert tokenize("201810557067.3") == ["201810557067.3", "2018105570673"]
    assert set(query_tokens("2018105570673")) <= set(tokenize("201810557067.3"))
    assert tokenize("CN201810557067.3") == ["cn201810557067.3", "cn2018105570673"]


def test_dots_not_between_digits_separate():
    assert tokenize("a.b 1..2 .5 3.") == ["a", "b", "1", "2", "5", "3"]
    assert tokenize("www.example.com") == ["www", "example", "com"]


def test_punctuation_symbols_and_emoji_are_dropped():
    assert tokenize("😀🎉 emoji，中文！😀") == ["emoji", "中文"]
    assert tokenize('"AND" OR NEAR(a b) * ^col:x') == ["and", "or", "near", "a", "b", "col", "x"]
    assert tokenize("") == []
    assert tokenize("  \t\n!!") == []


def test_invisible_characters_do_not_split_words():
    assert tokenize("華\u200b為") == ["华为"]
    assert tokenize("pa\u00adtent") == ["patent"]


def test_accents_are_removed():
    assert tokenize("Café NAÏVE") == ["cafe", "naive"]


def test_long_tokens_are_cut():
    assert tokenize("a" * 500) == ["a" * MAX_TOKEN_LENGTH]


def test_query_tokens_drop_duplicates_and_keep_order():
    assert query_tokens("公司 公司 abc ABC") == ["公司", "abc"]
    assert len(query_tokens(" ".join(f"w{i}" for i in range(100)))) == MAX_QUERY_TOKENS


def test_non_strings_do_not_break():
    assert tokenize(None) == []
    assert tokenize(12.5) == ["12.5", "125"]


def test_index_text_joins_the_tokens_of_all_texts():
    assert index_text("知识产权", None, "ZL 2018") == "知识 识产 产权 zl 2018"


@given(st.text())
def test_tokens_never_contain_separators_or_query_syntax(text):
    for token in tokenize(text):
        assert token
        assert len(token) <= MAX_TOKEN_LENGTH
        assert all(char.isalnum() or char == "." for char in token), token
        assert not token.startswith(".") and not token.endswith(".")


@given(st.text(), st.text())
def test_a_space_separates_texts_completely(first, second):
    assert tokenize(first + " " + second) == tokenize(first) + tokenize(second)


@given(st.text(alphabet="臺灣華為技術專利權發明實用新型有限責任公司abcXYZ0123456789.． ，"))
def test_traditional_text_tokenizes_like_its_simplified_form(text):
    assert tokenize(text) == tokenize(OpenCC("t2s").convert(text))


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E)))
def test_full_width_input_tokenizes_like_ascii(text):
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in text)
    assert tokenize(full_width) == tokenize(text)


@given(st.text())
def test_query_tokens_are_the_distinct_tokens(text):
    assert query_tokens(text) == list(dict.fromkeys(tokenize(text)))[:MAX_QUERY_TOKENS]


@given(st.text())
def test_normalize_is_stable(text):
    once = normalize(text)
    assert unicodedata.normalize("NFKC", once) == once


def _phrase_characters():
    import opencc

    text = (Path(opencc.__file__).parent / "dictionary" / "TSPhrases.txt").read_text(encoding="utf-8")
    return "".join(sorted({char for line in text.splitlines() for char in line.split("\t")[0]}))


_COMMON = "的是在了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"


@given(st.text(alphabet=_COMMON + _phrase_characters() + "臺灣華為乾隆沈陽覆蓋 "))
def test_skipping_t2s_for_text_it_would_not_change_gives_the_same_result(text):
    assert to_simplified(text) == OpenCC("t2s").convert(text)


def test_the_traditional_character_table_is_loaded():
    assert _traditional_chars() is not None
    assert {"華", "臺", "覆", "藉"} <= _traditional_chars()
    assert "华" not in _traditional_chars()
