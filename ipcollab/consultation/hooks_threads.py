"""Home attention items of the consultation threads part."""
