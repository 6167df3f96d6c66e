"""Per-request context (request id, acting user) carried in contextvars, so services can
audit without every caller threading the request through."""

import contextvars
import uuid

_request_id = contextvars.ContextVar("request_id", default=None)


def new_request_id():
    return uuid.uuid4().hex


def set_request_id(value):
    return _request_id.set(value)


def reset_request_id(token):
    _request_id.reset(token)


def get_request_id():
    """The current request id; commands and tasks get one per call site if none is set."""
    value = _request_id.get()
    if value is None:
        value = new_request_id()
        _request_id.set(value)
    return value
