"""Access-matrix entries of the consultation actions pages (format: docs/testing.md)."""

ENTRIES = []
