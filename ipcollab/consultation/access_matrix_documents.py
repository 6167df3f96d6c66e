"""Access-matrix entries of the consultation documents pages (format: docs/testing.md)."""

ENTRIES = []
