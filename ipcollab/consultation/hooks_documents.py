"""Navigation entry and home attention items of the consensus-documents part (imported by hooks.py):
documents waiting for the signature of a signer's agency; review comments on my agency's drafts
waiting for an answer (for its liaisons and admins)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ipcollab.core import attention, navigation
from ipcollab.core.principals import is_platform_admin

from .rules import NAV_GROUP, NAV_PATH, is_staff, manages_for, signs_for


def _staff(user):
    return bool(user.is_authenticated and (is_staff(user) or is_platform_admin(user)))


navigation.register(
    navigation.NavEntry(
        key="consultation.documents", label=_("共识文件"), url_name="consultation:documents", order=45.1, visible=_staff, group=NAV_GROUP, group_path=NAV_PATH
    )
)


@attention.register
def documents_needing_attention(user):
    from .models import CommentStatus, ConsensusDocument, DocumentStatus, ReviewComment, Signatory, Signature

    if not is_staff(user):
        return []
    items = []
    url = reverse("consultation:documents")
    if signs_for(user, user.agency_id):
        waiting = (
            ConsensusDocument.objects.filter(status=DocumentStatus.SIGNING)
            .filter(Exists(Signatory.objects.filter(document=OuterRef("pk"), agency_id=user.agency_id)))
            .exclude(Exists(Signature.objects.filter(document=OuterRef("pk"), agency_id=user.agency_id, voided_at__isnull=True)))
        )
        items.append(attention.Counted(waiting, "warning", _("共识文件待本单位签署"), _("请核对文本及其哈希后签署。"), url=f"{url}?status=signing"))
    if manages_for(user, user.agency_id):
        unanswered = ReviewComment.objects.filter(
            status=CommentStatus.OPEN, document__drafting_agency_id=user.agency_id, document__status__in=[DocumentStatus.DRAFT, DocumentStatus.REVIEW]
        )
        items.append(
            attention.Counted(unanswered, "info", _("本单位起草的共识文件有审阅意见待答复"), _("答复全部意见后才能提交会签。"), url=f"{url}?status=review")
        )
    return items
