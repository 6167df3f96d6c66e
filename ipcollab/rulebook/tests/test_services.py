"""Adjusting an adjustable rule: a new version from a date, within bounds, audited."""

import datetime

import pytest
from django.utils import timezone

from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import PermissionDenied
from ipcollab.rulebook.models import LegalRule
from ipcollab.rulebook.registry import RuleError, get_rule
from ipcollab.rulebook.services import adjust_rule

pytestmark = pytest.mark.django_db
CODE = "preservation.freeze_max_period.patent"


def _params(amount):
    return {"amount": amount, "unit": "months", "roll_forward": False}


def test_adjust_within_bounds_creates_a_new_version(world):
    today = timezone.localdate()
    start = today + datetime.timedelta(days=10)
    old = LegalRule.objects.get(code=CODE, effective_to__isnull=True)
    new = adjust_rule(actor=world.platform_admin, code=CODE, parameters=_params(12), effective_from=start, reason="统一按裁定期间上限提示")
    assert new.parameters["amount"] == 12 and new.effective_from == start and new.effective_to is None
    assert new.legal_basis == old.legal_basis and new.law_version == old.law_version and new.adjustable
    old.refresh_from_db()
    assert old.parameters["amount"] == 6  # history not rewritten
    assert old.effective_to == start - datetime.timedelta(days=1)
    assert get_rule(CODE, today).parameters["amount"] == 6
    assert get_rule(CODE, start).parameters["amount"] == 12
    row = LegalRule.objects.get(pk=new.id)
    assert row.adjusted_by == world.platform_admin and row.adjust_reason
    event = AuditEvent.objects.get(action="rulebook.rule_adjust")
    assert event.before["parameters"]["amount"] == 6 and event.after["parameters"]["amount"] == 12
    assert event.object_id == str(new.id)


def test_adjust_today_is_allowed(world):
    today = timezone.localdate()
    new = adjust_rule(actor=world.platform_admin, code=CODE, parameters=_params(3), effective_from=today, reason="测试")
    assert get_rule(CODE, today).id == new.id


@pytest.mark.parametrize(
    ("code", "params", "days", "error"),
    [
        (CODE, _params(37), 5, "rule_out_of_bounds"),
        (CODE, _params(0), 5, "rule_out_of_bounds"),
        (CODE, {"amount": 6, "unit": "days", "roll_forward": False}, 5, "rule_out_of_bounds"),
        (CODE, {"amount": "6", "unit": "months", "roll_forward": False}, 5, "rule_parameters_invalid"),
        (CODE, {"amount": 6, "unit": "months", "roll_forward": False, "extra": 1}, 5, "rule_parameters_invalid"),
        (CODE, "6 months", 5, "rule_parameters_invalid"),
        (CODE, _params(12), -1, "rule_backdated"),
        ("trial.appeal_period.civil_judgment", {"amount": 20, "unit": "days", "roll_forward": True}, 5, "rule_not_adjustable"),
        ("no.such.rule", _params(1), 5, "rule_unknown"),
    ],
)
def test_adjust_refusals_change_nothing(world, code, params, days, error):
    count = LegalRule.objects.count()
    with pytest.raises(RuleError) as exc:
        adjust_rule(
            actor=world.platform_admin, code=code, parameters=params, effective_from=timezone.localdate() + datetime.timedelta(days=days), reason="测试"
        )
    assert exc.value.code == error
    assert LegalRule.objects.count() == count
    assert not LegalRule.objects.filter(code=CODE, effective_to__isnull=False, effective_from__gt=datetime.date(2015, 2, 1)).exists()
    assert LegalRule.objects.get(code=CODE).effective_to is None
    assert not AuditEvent.objects.filter(action="rulebook.rule_adjust").exists()


def test_adjust_twice_on_the_same_day_overlaps(world):
    start = timezone.localdate() + datetime.timedelta(days=3)
    adjust_rule(actor=world.platform_admin, code=CODE, parameters=_params(12), effective_from=start, reason="一")
    with pytest.raises(RuleError) as exc:
        adjust_rule(actor=world.platform_admin, code=CODE, parameters=_params(9), effective_from=start, reason="二")
    assert exc.value.code == "rule_dates_overlap"
    # a later adjustment splits the newest version
    later = adjust_rule(actor=world.platform_admin, code=CODE, parameters=_params(9), effective_from=start + datetime.timedelta(days=30), reason="二")
    assert [v.parameters["amount"] for v in LegalRule.objects.filter(code=CODE).order_by("effective_from")] == [6, 12, 9]
    assert later.effective_to is None


def test_only_platform_admins_adjust(world):
    for user in (world.admin_a, world.judge_a, world.examiner, world.external):
        with pytest.raises(PermissionDenied):
            adjust_rule(actor=user, code=CODE, parameters=_params(12), effective_from=timezone.localdate(), reason="测试")


def test_reason_is_required(world):
    with pytest.raises(RuleError) as exc:
        adjust_rule(actor=world.platform_admin, code=CODE, parameters=_params(12), effective_from=timezone.localdate(), reason="  ")
    assert exc.value.code == "required"
