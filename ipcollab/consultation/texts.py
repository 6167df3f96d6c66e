"""The text of a consensus document, as signers sign it (pure: no database).

- `canonical(text)`: NFC, CRLF and CR turned into LF, trailing white space stripped from every line,
  trailing blank lines dropped (no final line break). Two texts a reader cannot tell apart by these
  differences have one canonical form, and so one hash.
- `sha256(text)`: the hex SHA-256 of the canonical text in UTF-8: what a Version stores and a
  Signature carries.
- `paragraphs(text)`: the canonical text split on blank lines; paragraph n is `paragraphs(text)[n - 1]`
  (numbered from 1, as review comments are anchored).
- `diff(old, new)`: an inline diff, first by paragraph, then by character inside paragraphs that
  changed (difflib), as rows of ("eq" | "ins" | "del", text) segments.
"""

import difflib
import hashlib
import unicodedata

EQ, INS, DEL = "eq", "ins", "del"


def canonical(text):
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    # stripping never composes characters anew, but normalise again so that canonical() is idempotent by construction
    return unicodedata.normalize("NFC", "\n".join(lines))


def sha256(text):
    return hashlib.sha256(canonical(text).encode("utf-8")).hexdigest()


def paragraphs(text):
    """The paragraphs of the canonical text: runs of non-blank lines, joined by LF."""
    out, current = [], []
    for line in canonical(text).split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            out.append("\n".join(current))
            current = []
    if current:
        out.append("\n".join(current))
    return out


def _merge(segments):
    merged = []
    for op, text in segments:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


def char_diff(old, new):
    """Segments that rebuild `old` from the eq + del parts and `new` from the eq + ins parts."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    segments = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append((EQ, old[i1:i2]))
        else:
            segments.append((DEL, old[i1:i2]))
            segments.append((INS, new[j1:j2]))
    return _merge(segments)


def diff(old, new):
    """Rows, one per paragraph of either version: {"old": n or None, "new": m or None, "changed":
    bool, "segments": [(op, text), ...]}. Paragraphs that match stay whole; a changed paragraph is
    paired with its counterpart and diffed by character; the rest are inserted or deleted whole."""
    a, b = paragraphs(old), paragraphs(new)
    rows = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                rows.append({"old": i1 + k + 1, "new": j1 + k + 1, "changed": False, "segments": [(EQ, a[i1 + k])]})
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            rows.append({"old": i1 + k + 1, "new": j1 + k + 1, "changed": True, "segments": char_diff(a[i1 + k], b[j1 + k])})
        for k in range(i1 + paired, i2):
            rows.append({"old": k + 1, "new": None, "changed": True, "segments": [(DEL, a[k])]})
        for k in range(j1 + paired, j2):
            rows.append({"old": None, "new": k + 1, "changed": True, "segments": [(INS, b[k])]})
    return rows


def rebuild(rows, side):
    """The paragraphs of one side of a diff ("old" or "new"): the inverse the tests check."""
    keep = DEL if side == "old" else INS
    return ["".join(t for op, t in row["segments"] if op in (EQ, keep)) for row in rows if row[side] is not None]
