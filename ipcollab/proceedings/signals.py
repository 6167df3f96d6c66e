"""What happens to proceedings, for the apps above this one (alerts): sent inside the writing
transaction, so a receiver's writes commit or roll back with the change itself.

Events: a new proceeding; a decision (a court case closed, a CNIPA decision); an appeal or retrial
filed against it; a stay recorded or lifted; other changes of its handling (``status_change``:
reassignment, fast handling, priority examination granted or refused).

``proceeding_event`` is sent with ``proceeding``, ``event`` (one of EVENTS), ``actor`` (the user,
or None for a source system) and ``details`` (a dict: e.g. the result of a decision, the new
status, the previous instance of an appeal).
"""

from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

NEW_PROCEEDING = "new_proceeding"
DECISION = "decision"
APPEAL = "appeal"
STAY = "stay"
STATUS_CHANGE = "status_change"

EVENTS = {
    NEW_PROCEEDING: _("新程序"),
    DECISION: _("裁判/决定"),
    APPEAL: _("上诉/再审"),
    STAY: _("中止/恢复"),
    STATUS_CHANGE: _("状态变化"),
}

proceeding_event = Signal()


def send(proceeding, event, *, actor=None, **details):
    proceeding_event.send(sender=type(proceeding), proceeding=proceeding, event=event, actor=actor, details=details)
