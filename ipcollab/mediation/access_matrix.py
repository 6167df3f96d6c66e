"""Access-matrix entries of the mediation app (format: docs/testing.md)."""

from .access_matrix_agreements import ENTRIES as AGREEMENT_ENTRIES

ENTRIES = [
    *AGREEMENT_ENTRIES,
]
