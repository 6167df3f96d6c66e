"""Access-matrix entries of the consultation feedback pages (format: docs/testing.md)."""

ENTRIES = []
