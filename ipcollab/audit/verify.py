"""Verification of the audit chains: recompute every hash, in order, chain by chain."""

from dataclasses import dataclass

from . import hashing
from .models import AuditChain, AuditEvent


@dataclass
class Break:
    chain: str
    seq: int
    event_id: int
    reason: str


def verify_chain(chain, batch=2000):
    prev = hashing.GENESIS
    expected_seq = 1
    last_seq = 0
    qs = AuditEvent.objects.filter(chain=chain).order_by("seq")
    for event in qs.iterator(chunk_size=batch):
        if event.seq != expected_seq:
            return Break(chain.key, event.seq, event.id, f"sequence gap: expected {expected_seq}")
        if event.prev_hash != prev:
            return Break(chain.key, event.seq, event.id, "prev_hash does not match the previous event")
        try:
            computed = hashing.event_hash(event.algorithm, prev, event.payload(chain.key))
        except ValueError as exc:
            return Break(chain.key, event.seq, event.id, str(exc))
        if computed != event.hash:
            return Break(chain.key, event.seq, event.id, "content does not match its hash")
        prev = event.hash
        last_seq = event.seq
        expected_seq += 1
    if last_seq != chain.last_seq or prev != chain.last_hash:
        return Break(chain.key, last_seq + 1, 0, "chain head does not match the last event (events removed?)")
    return None


def verify_all():
    """(number of chains checked, list of first breaks per broken chain)."""
    breaks = []
    chains = list(AuditChain.objects.order_by("key"))
    for chain in chains:
        broken = verify_chain(chain)
        if broken:
            breaks.append(broken)
    return len(chains), breaks
