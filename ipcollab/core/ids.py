from .errors import NotFound

MAX_PK = 2**63 - 1


def parse_pk(value):
    """A primary key from a URL or a form, or NotFound: an id that cannot exist is not 'bad
    input' but a record that is not there (and must not become a database error)."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 0 < pk <= MAX_PK:
        raise NotFound()
    return pk
