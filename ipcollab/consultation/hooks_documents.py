"""Home attention items of the consultation documents part."""
