"""Home attention items of the consultation meetings part."""
