"""Access-matrix entries of the home page. Format: docs/testing.md; run by tests/access/."""

# People who sign in through the browser; an API token does not open HTML pages (it redirects
# to the login page like an anonymous visitor).
SIGNED_IN = {"anonymous": 302, "system": 302, "*": 200}

ENTRIES = [
    {"url": "home:index", "expect": SIGNED_IN},
    {"url": "home:index", "method": "POST", "expect": {"*": 405}},
]
