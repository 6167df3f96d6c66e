from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ipcollab.audit.models import AuditEvent
from ipcollab.audit.verify import verify_all


class Command(BaseCommand):
    help = "Verify every audit hash chain and name the first broken event of each broken chain."

    def handle(self, *args, **options):
        count, breaks = verify_all()
        total = AuditEvent.objects.count()
        if not breaks:
            self.stdout.write(self.style.SUCCESS(_("审计链校验通过：%(chains)d 条链，%(events)d 个事件。") % {"chains": count, "events": total}))
            return
        for b in breaks:
            self.stderr.write(
                _("链 %(chain)s 在第 %(seq)d 个事件处断裂（事件 ID %(id)d）：%(reason)s")
                % {"chain": b.chain, "seq": b.seq, "id": b.event_id, "reason": b.reason}
            )
        raise CommandError(_("审计链校验失败：%(n)d 条链断裂。") % {"n": len(breaks)})
