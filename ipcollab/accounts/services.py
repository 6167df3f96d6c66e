"""Writes on accounts: people, roles, tokens. Each function is one transaction and one audit event."""

from django.contrib.auth import update_session_auth_hash
from django.db import transaction

from ipcollab.audit import services as audit


@transaction.atomic
def change_own_password(*, user, new_password, request=None):
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit.record(actor=user, action="accounts.password_changed", obj=user)
    if request is not None:
        update_session_auth_hash(request, user)
