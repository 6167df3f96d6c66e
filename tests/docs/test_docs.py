"""The published contract in docs/ stays in step with the code."""

import re
from pathlib import Path

from config.settings import base
from ipcollab.core.errors import ErrorCode

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_error_code_is_documented_in_api_md():
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE))
    missing = sorted(code.value for code in ErrorCode if code.value not in documented)
    assert not missing, f"add these error codes to the table in docs/api.md: {missing}"


def test_the_published_quotas_match_the_settings():
    # the base settings hold the real rates (the test profile relaxes them)
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    for scope, rate in base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].items():
        assert re.search(rf"^\| `{scope}` \|.*\| {re.escape(rate)} \|$", text, flags=re.MULTILINE), f"docs/api.md: quota of {scope} should read {rate}"
