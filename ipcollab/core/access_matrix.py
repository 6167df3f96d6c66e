"""Access-matrix entries of the API shell (quotas, schema, docs, unknown API paths).
Format: docs/testing.md; run by tests/access/."""

ENTRIES = [
    {"url": "api:quotas", "expect": {"*": 200}, "note": "published quotas are public"},
    {"url": "api:quotas", "method": "POST", "expect": {"*": 405}},
    {"url": "api-schema", "expect": {"*": 200}, "note": "the OpenAPI schema is public"},
    {"url": "api-docs", "expect": {"*": 200}},
    {"url": "api-not-found", "kwargs": {"rest": "no-such-endpoint/"}, "expect": {"*": 404}},
    {"url": "api-not-found", "method": "POST", "kwargs": {"rest": "v1/no-such-endpoint/"}, "expect": {"*": 404}, "note": "no CSRF page: the envelope"},
    {"url": "api-not-found", "label": "unversioned", "kwargs": {"rest": "agencies/"}, "expect": {"*": 404}},
]
