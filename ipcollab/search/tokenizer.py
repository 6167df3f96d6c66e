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

#: A longer token is cut to this many characters (the same cut applies when querying).
MAX_TOKEN_LENGTH = 64
#: A query uses at most this many (distinct) tokens; the rest are ignored.
MAX_QUERY_TOKENS = 32

# Han (with extensions and compatibility ideographs), 々〆〇, kana, hangul.
_CJK_RANGES = (
    (0x3005, 0x3007),
    (0x3040, 0x30FF),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)
# A dot that is not between two digits separates tokens.
_LOOSE_DOT = re.compile(r"(?<![0-9])\.|\.(?![0-9])")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _plain(char: str) -> str:
    """A non-CJK character without its accents (``é`` → ``e``)."""
    if char.isascii():
        return char
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize(text: str) -> str:
    """The text as the tokenizer sees it: NFKC, simplified, lower case, without invisibles."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = _t2s().convert(text)
        # t2s may produce compatibility forms of its own; keep the result NFKC-stable.
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def _word_tokens(run: str) -> list[str]:
    """Tokens of a run of letters, digits and dots: a dot only joins two digits; a part with
    such dots is kept as is AND without them (``201810557067.3`` → itself and ``2018105570673``)."""
    tokens: list[str] = []
    for part in _LOOSE_DOT.split(run):
        if not part:
            continue
        tokens.append(part)
        if "." in part:
            tokens.append(part.replace(".", ""))
    return tokens


def tokenize(text: str) -> list[str]:
    """All tokens of ``text`` in order (duplicates kept: term frequency matters for ranking)."""
    text = normalize(text)
    tokens: list[str] = []
    cjk: list[str] = []
    word: list[str] = []

    def flush_cjk() -> None:
        if len(cjk) == 1:
            tokens.append(cjk[0])
        else:
            tokens.extend(cjk[i] + cjk[i + 1] for i in range(len(cjk) - 1))
        cjk.clear()

    def flush_word() -> None:
        run = "".join(word).strip(".")
        if run:
            tokens.extend(_word_tokens(run))
        word.clear()

    for char in text:
        if _is_cjk(char):
            if word:
                flush_word()
            cjk.append(char)
            continue
        if cjk:
            flush_cjk()
        if char.isalnum():
            plain = _plain(char)
            if plain.isalnum():
                word.append(plain)
            elif word:
                flush_word()
        elif char == "." and word:
            word.append(char)
        elif word:
            flush_word()
    if cjk:
        flush_cjk()
    if word:
        flush_word()
    return [token[:MAX_TOKEN_LENGTH] for token in tokens]


def query_tokens(text: str) -> list[str]:
    """The tokens of a query: :func:`tokenize` without duplicates, at most
    :data:`MAX_QUERY_TOKENS` of them."""
    return list(dict.fromkeys(tokenize(text)))[:MAX_QUERY_TOKENS]


def index_text(*texts: object) -> str:
    """The space-joined tokens of ``texts`` (``None`` skipped), as stored in the index."""
    return " ".join(token for text in texts if text is not None for token in tokenize(str(text)))
