"""Access-matrix entries of the rulebook (rule registry, jurisdiction finder and tables, API).
Format: docs/testing.md. Rules and jurisdiction tables are reference data for every staff
account (external parties get 403); adjusting an adjustable rule is for platform admins."""

STAFF_PAGE = {"anonymous": 302, "system": 302, "external": 403, "*": 200}
ADMIN_PAGE = {"anonymous": 302, "system": 302, "platform_admin": 200, "*": 403}
STAFF_API = {"anonymous": 401, "external": 403, "*": 200}

ADJUSTABLE = {"code": "preservation.freeze_max_period.patent"}
FIXED = {"code": "trial.appeal_period.civil_judgment"}


ENTRIES = [
    # --- pages ---
    {"url": "rulebook:rule_list", "expect": STAFF_PAGE},
    {"url": "rulebook:rule_list", "label": "bad filter", "query": {"category": "nonsense", "verification": "X"}, "expect": STAFF_PAGE},
    {"url": "rulebook:rule_list", "method": "POST", "expect": {"anonymous": 302, "system": 302, "*": 405}},
    {"url": "rulebook:rule_detail", "kwargs": FIXED, "expect": STAFF_PAGE},
    {
        "url": "rulebook:rule_detail",
        "label": "no such rule",
        "kwargs": {"code": "no.such.rule"},
        "expect": {"anonymous": 302, "system": 302, "external": 403, "*": 404},
    },
    {"url": "rulebook:rule_adjust", "kwargs": ADJUSTABLE, "expect": ADMIN_PAGE},
    {"url": "rulebook:rule_adjust", "label": "fixed by law", "kwargs": FIXED, "expect": {**ADMIN_PAGE, "platform_admin": 409}},
    {
        "url": "rulebook:rule_adjust",
        "label": "no such rule",
        "kwargs": {"code": "no.such.rule"},
        "expect": {"anonymous": 302, "system": 302, "external": 403, "*": 404},
    },
    {"url": "rulebook:rule_adjust", "method": "POST", "label": "empty form", "kwargs": ADJUSTABLE, "expect": {**ADMIN_PAGE, "platform_admin": 400}},
    {
        "url": "rulebook:rule_adjust",
        "method": "POST",
        "label": "out of bounds",
        "kwargs": ADJUSTABLE,
        "data": {"param_amount": "99", "effective_from": "2099-01-01", "reason": "测试"},
        "expect": {**ADMIN_PAGE, "platform_admin": 400},
    },
    {
        "url": "rulebook:rule_adjust",
        "method": "POST",
        "label": "valid",
        "kwargs": ADJUSTABLE,
        "data": {"param_amount": "12", "effective_from": "2099-01-01", "reason": "依据最新司法解释调整"},
        "expect": {**ADMIN_PAGE, "platform_admin": 302},
    },
    {"url": "rulebook:finder", "expect": STAFF_PAGE},
    {
        "url": "rulebook:finder",
        "label": "a query",
        "query": {"category": "invention_patent", "region": "440305", "on": "2024-05-01", "instance": "first"},
        "expect": STAFF_PAGE,
    },
    {
        "url": "rulebook:finder",
        "label": "bad input",
        "query": {"category": "x", "region": "abc", "on": "2024-13-45", "instance": "third"},
        "expect": STAFF_PAGE,
    },
    {"url": "rulebook:tables", "expect": STAFF_PAGE},
    {"url": "rulebook:tables", "label": "appeal routing", "query": {"table": "appeal", "category": "utility_model"}, "expect": STAFF_PAGE},
    {"url": "rulebook:tables", "label": "adjudication", "query": {"table": "adjudication", "page": "2"}, "expect": STAFF_PAGE},
    # --- API ---
    {"url": "api:rule-list", "expect": STAFF_API},
    {"url": "api:rule-list", "label": "bad filter", "query": {"on": "not-a-date", "category": "x"}, "expect": {"anonymous": 401, "external": 403, "*": 400}},
    {"url": "api:rule-detail", "kwargs": FIXED, "expect": STAFF_API},
    {"url": "api:rule-detail", "label": "no such rule", "kwargs": {"code": "no.such.rule"}, "expect": {"anonymous": 401, "external": 403, "*": 404}},
    {"url": "api:rule-deadline", "kwargs": FIXED, "query": {"start": "2024-09-20"}, "expect": STAFF_API},
    {"url": "api:rule-deadline", "label": "missing start", "kwargs": FIXED, "expect": {"anonymous": 401, "external": 403, "*": 400}},
    {
        "url": "api:rule-deadline",
        "label": "not in effect",
        "kwargs": FIXED,
        "query": {"start": "2000-01-01"},
        "expect": {"anonymous": 401, "external": 403, "*": 400},
    },
    {"url": "api:competent-court", "query": {"category": "invention_patent", "region": "440305", "on": "2024-05-01"}, "expect": STAFF_API},
    {
        "url": "api:competent-court",
        "label": "bad input",
        "query": {"category": "x", "region": "abcdefgh"},
        "expect": {"anonymous": 401, "external": 403, "*": 400},
    },
    {
        "url": "api:competent-court",
        "label": "unknown region",
        "query": {"category": "trademark", "region": "999999"},
        "expect": {"anonymous": 401, "external": 403, "*": 400},
    },
]
