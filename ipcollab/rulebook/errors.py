"""RuleError: the ServiceError the registry and the jurisdiction functions raise (stable codes
from ipcollab.core.errors.ErrorCode, so the API envelope and the forms show them as usual)."""

from ipcollab.core.errors import ErrorCode, ServiceError

_STATUS = {ErrorCode.RULE_UNKNOWN: 404, ErrorCode.RULE_NOT_ADJUSTABLE: 409}


class RuleError(ServiceError):
    def __init__(self, code, message=None, fields=None, status=None):
        code = ErrorCode(code)
        super().__init__(code, message, fields, status=status or _STATUS.get(code))
