"""Navigation entry of proceedings, the dossier panel, and the home page's attention items: a
judge's or clerk's pending cases near or past their 审限, CNIPA's open priority requests."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipcollab.core import attention, navigation

from . import panels  # noqa: F401  (the dossier's parallel-proceedings panel)

ATTENTION_DAYS = 30
ATTENTION_CAP = 500


def _can_use(user):
    return user.is_authenticated and user.is_active and getattr(user, "kind", None) in ("staff", "system")


navigation.register(navigation.NavEntry(key="proceedings.list", label=_("案件与程序"), url_name="proceedings:list", order=34, visible=_can_use))


@attention.register
def proceedings_needing_attention(user):
    from django.db.models import Q

    from . import selectors
    from .models import Status, Track

    if not _can_use(user) or user.kind != "staff":
        return []
    items = []
    if user.has_perm("proceedings.file_case") and user.agency.kind == "court":
        today = timezone.localdate()
        mine = list(
            selectors.proceedings_for(user)
            .filter(Q(judge=user) | Q(clerk=user), track=Track.COURT, status=Status.PENDING)
            .exclude(time_limit_rule="")
            .prefetch_related("stays", "extensions")[:ATTENTION_CAP]
        )
        due, cache = 0, {}
        for case in mine:
            limit, _rule = selectors.time_limit_of(case, today=today, cache=cache)
            if limit is not None and limit.ends_on is not None and (limit.ends_on - today).days <= ATTENTION_DAYS:
                due += 1
        if due:
            items.append(
                attention.Attention(
                    "warning",
                    str(_("审限即将届满")),
                    str(_("您承办的案件中，审限将在30日内届满或已届满：请及时审结或报请延长。")),
                    url=reverse("proceedings:list") + "?status=pending&track=court",
                    count=due,
                )
            )
    if user.has_perm("proceedings.record_office") and user.agency.kind == "ip_office":
        waiting = len(selectors.priority_queue(user))
        if waiting:
            items.append(
                attention.Attention(
                    "info",
                    str(_("优先审查请求待处理")),
                    str(_("法院或地方知识产权局请求优先审查关联的无效宣告案件。")),
                    url=reverse("proceedings:priority_queue"),
                    count=waiting,
                )
            )
    return items
