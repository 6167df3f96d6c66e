"""The one tokenizer of the platform (DESIGN §3 "Search"), used for indexing AND for querying.

Steps: drop invisible format characters (zero-width spaces, soft hyphens) → NFKC (full-width
letters, digits and punctuation become ASCII) → traditional to simplified Chinese (OpenCC
``t2s``) → lower case → Latin accents removed → split into tokens:

* a run of CJK characters (Han, kana, hangul) becomes its overlapping bigrams
  (``知识产权`` → ``知识 识产 产权``); a lone CJK character stays a unigram;
* a run of other letters and digits is kept whole (``zl2018``); a dotted number is kept as one
  token AND as its digits without the dots (``201810557067.3`` → ``201810557067.3`` and
  ``2018105570673``), so both spellings of a number match;
* everything else (spaces, punctuation, symbols, emoji) separates tokens and is dropped.

Tokens only ever contain letters, digits and ``.`` — nothing a full-text query language could
read as an operator. Pure: no database, no Django.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

#: A longer token is cut to this many characters (the same cut applies when querying).
MAX_TOKEN_LENGTH = 64
#: A query uses at most this many (distinct) tokens; the rest are ignored.
MAX_QUERY_TOKENS = 32

# Han (with extensions and compatibility ideographs), 々〆〇, kana, hangul.
_CJK = "\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
# A CJK run, or a run of other letters and digits possibly joined by single dots.
_RUN = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+(?:\\.[^\\W_{_CJK}]+)*)")
_WORD = re.compile(r"[^\W_]+")
# A dot that is not between two digits separates tokens.
_LOOSE_DOT = re.compile(r"(?<![0-9])\.|\.(?![0-9])")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str] | None:
    """Every character that OpenCC ``t2s`` may change (a character of its character table that
    maps elsewhere, or a changed position of a phrase of its phrase table). Text without any of
    them comes out of ``t2s`` unchanged, so the (slow) conversion is skipped. None when the
    dictionaries cannot be read: then every text with Han characters is converted."""
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    changed: set[str] = set()
    try:
        for name in ("TSCharacters.txt", "TSPhrases.txt"):
            for line in (folder / name).read_text(encoding="utf-8").splitlines():
                if "\t" not in line:
                    continue
                key, values = line.split("\t", 1)
                value = values.split(" ")[0]
                if len(key) != len(value):
                    changed.update(key)
                else:
                    changed.update(k for k, v in zip(key, value, strict=True) if k != v)
    except OSError:
        return None
    return frozenset(changed)


def to_simplified(text: str) -> str:
    """OpenCC ``t2s``, skipped for text that it would leave unchanged."""
    if not _HAN.search(text):
        return text
    traditional = _traditional_chars()
    if traditional is not None and traditional.isdisjoint(text):
        return text
    return _t2s().convert(text)


def _strip_accents(run: str) -> str:
    decomposed = unicodedata.normalize("NFKD", run)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """The text as the tokenizer sees it: NFKC, simplified, lower case, without invisibles."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if not text.isascii():
        text = "".join(c for c in text if unicodedata.category(c) != "Cf")
        text = unicodedata.normalize("NFKC", text)
        text = to_simplified(text)
        # t2s may produce compatibility forms of its own; keep the result NFKC-stable.
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def _word_tokens(run: str, tokens: list[str]) -> None:
    """Tokens of a run of letters, digits and dots: a dot only joins two digits; a part with
    such dots is kept as is AND without them (``201810557067.3`` → itself and ``2018105570673``)."""
    if not run.isascii():
        run = ".".join("".join(_WORD.findall(_strip_accents(part))) for part in run.split("."))
    if "." not in run:
        if run:
            tokens.append(run)
        return
    for part in _LOOSE_DOT.split(run):
        if part:
            tokens.append(part)
            if "." in part:
                tokens.append(part.replace(".", ""))


def tokenize(text: str) -> list[str]:
    """All tokens of ``text`` in order (duplicates kept: term frequency matters for ranking)."""
    tokens: list[str] = []
    for cjk, word in _RUN.findall(normalize(text)):
        if cjk:
            if len(cjk) == 1:
                tokens.append(cjk)
            else:
                tokens.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
        else:
            _word_tokens(word, tokens)
    return [token[:MAX_TOKEN_LENGTH] for token in tokens]


def query_tokens(text: str) -> list[str]:
    """The tokens of a query: :func:`tokenize` without duplicates, at most
    :data:`MAX_QUERY_TOKENS` of them."""
    return list(dict.fromkeys(tokenize(text)))[:MAX_QUERY_TOKENS]


def index_text(*texts: object) -> str:
    """The space-joined tokens of ``texts`` (``None`` skipped), as stored in the index."""
    return " ".join(token for text in texts if text is not None for token in tokenize(str(text)))
