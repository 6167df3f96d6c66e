"""Normalisation at the edge, shared by every parser of the package."""

from __future__ import annotations

import unicodedata

from .errors import IdentifierError

# No identifier of this package is anywhere near this long; refusing early keeps the parsers cheap.
MAX_INPUT_LENGTH = 100

# Invisible characters that survive copy and paste from Word documents and web pages.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def prepare(text: object, *, remove: str = "") -> str:
    """Return ``text`` in NFKC form (full-width digits and letters become ASCII), without any
    whitespace, invisible characters or the characters in ``remove``.

    Raises ``empty`` for None or blank input, ``malformed`` for a non-string and ``too_long``
    for input longer than :data:`MAX_INPUT_LENGTH` characters (before or after NFKC).
    """
    if text is None:
        raise IdentifierError("empty")
    if not isinstance(text, str):
        raise IdentifierError("malformed")
    if len(text) > MAX_INPUT_LENGTH:
        raise IdentifierError("too_long")
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    if len(text) > MAX_INPUT_LENGTH:  # a few compatibility characters expand to many
        raise IdentifierError("too_long")
    text = "".join(text.split())
    for char in remove:
        text = text.replace(char, "")
    if not text:
        raise IdentifierError("empty")
    return text
