"""Electronic receipts of hand-offs (pure, no database): the canonical form of a hand-off's
payload, its SHA-256 digest and the receipt number (回执号). A receipt is verified by computing
the digest of the stored payload again (``verify``)."""

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal

PREFIX = "HZ"


def _default(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def canonical(payload):
    """UTF-8 JSON with sorted keys and no insignificant whitespace: one text per payload."""
    return json.dumps(payload, default=_default, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def normalized(payload):
    """The payload as it is stored (dates as ISO text), so that the stored JSON digests the same."""
    return json.loads(canonical(payload))


def digest(payload):
    return hashlib.sha256(canonical(payload)).hexdigest()


def verify(payload, expected):
    return digest(payload) == expected


def receipt_number(year, seq):
    """HZ + year + the hand-off's number, zero-padded: unique because the number is."""
    if not (isinstance(year, int) and 1 <= year <= 9999 and isinstance(seq, int) and seq >= 1):
        raise ValueError("year and sequence must be positive integers")
    return f"{PREFIX}{year:04d}{seq:08d}"
