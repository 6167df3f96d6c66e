"""Pluggable hash functions for the audit chains. Pure module."""

import hashlib
import json

from gmssl import sm3 as _sm3


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sm3(data: bytes) -> str:
    return _sm3.sm3_hash(list(data))


ALGORITHMS = {"sha256": sha256, "sm3": sm3}
GENESIS = "0" * 64


def get(name):
    try:
        return ALGORITHMS[name]
    except KeyError:
        raise ValueError(f"unknown audit hash algorithm: {name}") from None


def canonical(payload: dict) -> bytes:
    """One byte form per event: sorted keys, no spaces, UTF-8 (jsonb reorders keys; this does not care)."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def event_hash(algorithm, prev_hash, payload):
    return get(algorithm)(prev_hash.encode("ascii") + b"\n" + canonical(payload))
