"""Access-matrix entries of the consultation meetings pages (format: docs/testing.md)."""

ENTRIES = []
