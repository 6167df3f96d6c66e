"""texts.py: the canonical text a signer signs, its hash, its paragraphs and the diff between
versions (pure: no database)."""

import hashlib
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from ipcollab.consultation import texts

TEXT_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",))
LINES = st.lists(st.text(alphabet=st.sampled_from("会商纪要一二三，。 \t\u3000ae\u0301"), max_size=12), max_size=8)


def test_canonical_form():
    assert texts.canonical("一、会议议定\r\n二、责任单位  \r第三段\t\n\n\n") == "一、会议议定\n二、责任单位\n第三段"
    assert texts.canonical("cafe\u0301") == "caf\u00e9"
    assert texts.canonical("") == ""
    assert texts.canonical(None) == ""
    # leading blank lines and inner blank lines stay: they separate paragraphs
    assert texts.canonical("\n甲\n\n乙") == "\n甲\n\n乙"


def test_hash_is_of_the_canonical_text():
    assert texts.sha256("甲\r\n乙  \n\n") == hashlib.sha256("甲\n乙".encode()).hexdigest()
    assert texts.sha256("甲") != texts.sha256("乙")
    assert len(texts.sha256("")) == 64


def test_paragraphs_split_on_blank_lines():
    text = "\n\n一、总则\n第一款\n\n   \n二、分工\n\n三、附则\n"
    assert texts.paragraphs(text) == ["一、总则\n第一款", "二、分工", "三、附则"]
    assert texts.paragraphs("") == []


def test_diff_by_paragraph_then_character():
    old = "一、双方建立例行会商机制。\n\n二、每季度召开一次。\n\n三、由法院起草纪要。"
    new = "一、双方建立例行会商机制。\n\n二、每半年召开一次。\n\n三、由法院起草纪要。\n\n四、纪要会签后印发。"
    rows = texts.diff(old, new)
    assert [(r["old"], r["new"], r["changed"]) for r in rows] == [(1, 1, False), (2, 2, True), (3, 3, False), (None, 4, True)]
    assert rows[1]["segments"] == [("eq", "二、每"), ("del", "季度"), ("ins", "半年"), ("eq", "召开一次。")]
    assert rows[3]["segments"] == [("ins", "四、纪要会签后印发。")]
    deleted = texts.diff(new, old)
    assert deleted[-1] == {"old": 4, "new": None, "changed": True, "segments": [("del", "四、纪要会签后印发。")]}


@given(st.text(alphabet=TEXT_CHARS, max_size=200))
def test_canonical_is_idempotent_and_normalised(text):
    once = texts.canonical(text)
    assert texts.canonical(once) == once
    assert texts.sha256(once) == texts.sha256(text)
    assert unicodedata.is_normalized("NFC", once)
    assert "\r" not in once
    assert not once.endswith("\n")
    assert all(line == line.rstrip() for line in once.split("\n"))


@given(LINES)
def test_line_ends_and_trailing_space_do_not_change_the_hash(lines):
    lf = "\n".join(lines)
    crlf = "\r\n".join(line + "  " for line in lines) + "\r\n\r\n"
    assert texts.sha256(lf) == texts.sha256(crlf)


@given(st.text(alphabet=TEXT_CHARS, max_size=80), st.text(alphabet=TEXT_CHARS, min_size=1, max_size=5).filter(lambda s: s.strip()))
def test_a_visible_change_changes_the_hash(text, extra):
    changed = text + extra
    if texts.canonical(changed) != texts.canonical(text):
        assert texts.sha256(changed) != texts.sha256(text)


@given(
    st.lists(st.sampled_from(["甲", "乙", "丙丁", "会商", "一、", "二、"]), max_size=12),
    st.lists(st.sampled_from(["甲", "乙", "丙丁", "会商", "一、"]), max_size=12),
)
def test_diff_rebuilds_both_versions(a_words, b_words):
    def text_of(words):
        return "\n\n".join("".join(words[i : i + 2]) for i in range(0, len(words), 2))

    old, new = text_of(a_words), text_of(b_words)
    rows = texts.diff(old, new)
    assert texts.rebuild(rows, "old") == texts.paragraphs(old)
    assert texts.rebuild(rows, "new") == texts.paragraphs(new)
    assert [r["old"] for r in rows if r["old"]] == list(range(1, len(texts.paragraphs(old)) + 1))
    assert [r["new"] for r in rows if r["new"]] == list(range(1, len(texts.paragraphs(new)) + 1))


@given(st.text(alphabet=TEXT_CHARS, max_size=60), st.text(alphabet=TEXT_CHARS, max_size=60))
def test_char_diff_rebuilds_both_strings(a, b):
    segments = texts.char_diff(a, b)
    assert "".join(t for op, t in segments if op != "ins") == a
    assert "".join(t for op, t in segments if op != "del") == b


PREFIXES = st.text(alphabet=st.sampled_from("法知会国发京高沪粤测甲纪要"), min_size=1, max_size=6)


@given(PREFIXES, st.integers(min_value=2000, max_value=2026), st.integers(min_value=1, max_value=99999), st.booleans())
def test_well_formed_document_numbers_pass(prefix, year, serial, periodical):
    from ipcollab.consultation import documents

    number = f"{prefix}〔{year}〕第{serial}期" if periodical else f"{prefix}〔{year}〕{serial}号"
    assert documents.check_number(f"  {number} ") == number


@given(st.text(max_size=40))
def test_any_other_text_is_refused_with_the_stable_code(value):
    from ipcollab.consultation import documents
    from ipcollab.core.errors import ErrorCode, ServiceError

    try:
        documents.check_number(value)
    except ServiceError as exc:
        assert exc.code == ErrorCode.DOCUMENT_NUMBER_INVALID
    else:
        assert documents.NUMBER_RE.match(value.strip())
