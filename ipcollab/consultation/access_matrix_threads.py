"""Access-matrix entries of the consultation threads pages (format: docs/testing.md)."""

ENTRIES = []
