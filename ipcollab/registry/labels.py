"""Chinese labels of the legal-event types and decision outcomes of ipcollab.registry.status."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import status as legal

# 所属机构 is ambiguous: the agency (court, IP office) a record belongs to, or the law firm or
# patent/trademark agency a representative works for. The second carries this context so the
# English catalogue can tell them apart ("Firm" vs "Agency").
FIRM_CONTEXT = "representative's firm"
FIRM_LABEL = pgettext_lazy(FIRM_CONTEXT, "所属机构")
FIRM_NUMBER_LABEL = pgettext_lazy(FIRM_CONTEXT, "所属机构编号")


EVENT_LABELS = {
    legal.FILED: _("申请"),
    legal.PUBLISHED: _("公布"),
    legal.EXAMINATION_REQUESTED: _("实质审查请求"),
    legal.GRANTED: _("授权"),
    legal.TRANSFERRED: _("转让"),
    legal.LICENCE_FILED: _("许可合同备案"),
    legal.PLEDGE_RECORDED: _("质押登记"),
    legal.PLEDGE_RELEASED: _("质押注销"),
    legal.INVALIDATION_REQUESTED: _("无效宣告请求"),
    legal.INVALIDATION_DECIDED: _("无效宣告决定"),
    legal.LAPSED_UNPAID_ANNUITY: _("未缴年费终止"),
    legal.RESTORED: _("恢复权利"),
    legal.ABANDONED: _("放弃"),
    legal.DEEMED_WITHDRAWN: _("视为撤回"),
    legal.REJECTED: _("驳回"),
    legal.EXPIRED: _("期限届满"),
    legal.CHANGE_OF_NAME: _("著录项目变更（名称）"),
    legal.FROZEN: _("冻结"),
    legal.UNFROZEN: _("解除冻结"),
    legal.PRELIMINARILY_APPROVED: _("初审公告"),
    legal.OPPOSED: _("异议"),
    legal.OPPOSITION_DECIDED: _("异议决定"),
    legal.REGISTERED: _("注册"),
    legal.RENEWED: _("续展"),
    legal.REVOKED: _("撤销"),
    legal.CANCELLED: _("注销"),
    legal.MADRID_DESIGNATED: _("马德里国际注册指定"),
}

# "upheld" means opposite things by event: an invalidation request fails (the right stays valid),
# an opposition succeeds (the mark is not registered) — so labels are looked up by event type.
OUTCOME_LABELS_BY_EVENT = {
    legal.INVALIDATION_DECIDED: {
        legal.ALL_INVALID: _("全部无效"),
        legal.PARTLY_INVALID: _("部分无效"),
        legal.UPHELD: _("维持有效"),
        legal.REQUEST_WITHDRAWN: _("请求已撤回"),
    },
    legal.OPPOSITION_DECIDED: {
        legal.OPPOSITION_DISMISSED: _("异议不成立"),
        legal.OPPOSITION_UPHELD: _("异议成立（不予注册）"),
    },
}


def outcome_label(event_type, outcome):
    return OUTCOME_LABELS_BY_EVENT.get(event_type, {}).get(outcome, outcome)


def outcome_choices():
    """Grouped choices for a form: the same value means different things per event type."""
    return [(event_label(event_type), list(labels.items())) for event_type, labels in OUTCOME_LABELS_BY_EVENT.items()]


def event_label(code):
    return EVENT_LABELS.get(code, code)


def event_choices(kind):
    return [(code, EVENT_LABELS.get(code, code)) for code in legal.EVENT_TYPES[kind]]
