"""Access-matrix entries of the consultation rounds pages (format: docs/testing.md)."""

ENTRIES = []
