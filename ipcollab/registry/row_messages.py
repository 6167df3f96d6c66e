"""The translated message of a row problem of an import (ipcollab.registry.exchange codes and the
identifier codes). Rendered when shown, in the reader's language; the job also keeps the message
as written at import time."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ipcollab.identifiers import CODES as IDENTIFIER_CODES
from ipcollab.identifiers import IdentifierError

from . import exchange as ex


def row_message(problem: ex.Problem) -> str:
    """The translated message of a row problem."""
    p = problem.params
    if problem.code in IDENTIFIER_CODES and problem.field in ("number", "applicants", "applicant"):
        error = IdentifierError(problem.code)
        return error.message_en if (get_language() or "").startswith("en") else error.message_zh
    messages = {
        "bad_json": _("该行不是有效的 JSON 对象。"),
        "missing_field": _("缺少必填项。"),
        "bad_value": _("取值无效：%(value)s") % {"value": p.get("value", "")},
        "too_long": _("内容过长（不超过 %(limit)s 个字符）。") % {"limit": p.get("limit", "")},
        "bad_date": _("日期无效（应为 YYYY-MM-DD）：%(value)s") % {"value": p.get("value", "")},
        "future_date": _("日期不能晚于今天：%(value)s") % {"value": p.get("value", "")},
        "kind_mismatch": _("专利类型 %(value)s 与申请号中的申请种类（%(expected)s）不一致。")
        % {"value": p.get("value", ""), "expected": p.get("expected", "")},
        "event_refused": _("法律事件不成立：%(date)s 的 %(type)s（%(refusal)s）。") % {k: p.get(k, "") for k in ("date", "type", "refusal")},
        "status_mismatch": _("法律状态 %(value)s 与法律事件推出的状态 %(expected)s 不一致。")
        % {"value": p.get("value", ""), "expected": p.get("expected", "")},
        "duplicate_in_file": _("与本文件第 %(line)s 行的编号重复。") % {"line": p.get("line", "")},
        "stale_version": _("来源版本 %(value)s 早于已登记的版本 %(stored)s。") % {"value": p.get("value", ""), "stored": p.get("stored", "")},
        "version_conflict": _("来源版本 %(value)s 已登记，但内容不同。") % {"value": p.get("value", "")},
        "event_removed": _("来源不再列出已登记的法律事件：%(date)s 的 %(type)s。") % {k: p.get(k, "") for k in ("date", "type")},
        "wrong_kind": _("该编号已作为另一类权利登记。"),
    }
    if problem.code in messages:
        return messages[problem.code]
    if problem.code in IDENTIFIER_CODES:
        error = IdentifierError(problem.code)
        return error.message_en if (get_language() or "").startswith("en") else error.message_zh
    return problem.code
