"""Home attention items of the consultation feedback part."""
