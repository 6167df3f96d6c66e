"""Home attention items of the consultation rounds part."""
