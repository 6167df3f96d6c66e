"""Home attention items of the consultation actions part."""
