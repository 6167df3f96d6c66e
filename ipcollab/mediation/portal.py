"""The parties online (issue 7, point 3): invitations and the parties' access.

A mediator (or the organisation, or the entrusting court's clerk or judge) invites one
MediationParty to its own matter: a link with a random token plus a 6-digit one-time code, sent
by e-mail (Django's e-mail backend) or SMS (a pluggable sender: settings.MEDIATION_SMS_SENDER, a
dotted path to a class with `send(phone, text)`; the console sender by default). Only the SHA-256
of the token and of the code are stored. An invitation expires (INVITATION_DAYS), locks after
MAX_ATTEMPTS wrong codes, can be revoked; re-sending revokes the open ones and sends a new one.

Taking up the invitation (token + code + a password) creates the party's external account — or
reuses the one already bound to the party, or an external account with the same e-mail — binds
it to MediationParty.user and lets the page sign the party in. The account is created through
the accounts module's `external_party_create` in the name of the inviting actor (accounts sits
above mediation in the layers, so it is reached through settings.MEDIATION_EXTERNAL_ACCOUNT_FACTORY,
by default "ipcollab.accounts.services.external_party_create").
"""

import datetime
import hashlib
import hmac
import logging
import re
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ipcollab.audit.services import record
from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError

from . import confirmation
from .models import Invitation, InvitationChannel, LogKind, MediationParty, Status

logger = logging.getLogger(__name__)

INVITATION_DAYS = 7
MAX_ATTEMPTS = 5
DEFAULT_ACCOUNT_FACTORY = "ipcollab.accounts.services.external_party_create"
DEFAULT_SMS_SENDER = "ipcollab.mediation.portal.ConsoleSmsSender"
PHONE = re.compile(r"^1[3-9]\d{9}$")


class ConsoleSmsSender:
    """The demo's SMS gateway: writes the message to the log (and stdout)."""

    def send(self, phone, text):
        print(f"[SMS to {phone}] {text}")
        logger.info("sms to %s: %s", phone, text)


class LocmemSmsSender:
    """An in-memory SMS gateway for tests: messages land in `LocmemSmsSender.outbox`."""

    outbox = []

    def send(self, phone, text):
        LocmemSmsSender.outbox.append((phone, text))


def _sms_sender():
    return import_string(getattr(settings, "MEDIATION_SMS_SENDER", DEFAULT_SMS_SENDER))()


def _hash(value):
    return hashlib.sha256(str(value).encode("utf-8")).hexdigest()


def invitation_url(token, base_url=""):
    path = reverse("mediation:invitation_accept", args=[token])
    base = (getattr(settings, "PUBLIC_BASE_URL", "") or base_url or "").rstrip("/")
    return f"{base}{path}"


def _message(mp, url, code, expires_at):
    return _(
        "%(party)s：您被邀请在线参与调解（%(number)s，%(title)s）。请打开链接 %(url)s 并输入验证码 %(code)s 设置密码登录。链接%(expires)s前有效，仅可使用一次；如非本人，请忽略。"
    ) % {
        "party": mp.party.name,
        "number": mp.mediation.number,
        "title": mp.mediation.title,
        "url": url,
        "code": code,
        "expires": timezone.localtime(expires_at).strftime("%Y-%m-%d %H:%M"),
    }


def _open(party):
    now = timezone.now()
    return Invitation.objects.filter(party=party, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


@transaction.atomic
def invite(*, actor, party, channel, address="", base_url="", return_secrets=False):
    """Send an invitation to `party` (a MediationParty) by e-mail or SMS. Re-sending revokes the
    open invitations of that party first. Returns the Invitation; with return_secrets (the demo
    seeding its party logins) also the raw token and code — they are never stored."""
    mp = (
        MediationParty.objects.select_for_update(of=("self",))
        .select_related("mediation__organisation__agency", "mediation__mediator__user", "party")
        .get(pk=party.pk)
    )
    mediation = mp.mediation
    if not confirmation.can_invite(actor, mediation):
        if not confirmation._mediations(actor).filter(pk=mediation.pk).exists():
            raise NotFound()
        raise PermissionDenied(_("只有本案调解员、调解组织或委派（委托）法院的法官、书记员可以邀请当事人。"))
    if mediation.status == Status.CLOSED and confirmation.agreement_effective(mediation) is None:
        raise ServiceError(ErrorCode.MEDIATION_STATE, _("调解已结束，不能再邀请当事人。"), status=409)
    if channel not in InvitationChannel.values:
        raise ServiceError(ErrorCode.INVALID, fields={"channel": [_("发送方式须为电子邮件或短信。")]})
    address = (address or (mp.email if channel == InvitationChannel.EMAIL else mp.phone) or "").strip()
    if channel == InvitationChannel.EMAIL:
        try:
            from django.core.validators import validate_email

            validate_email(address)
        except ValidationError:
            raise ServiceError(ErrorCode.INVALID, _("请填写有效的电子邮箱地址。"), fields={"address": [_("电子邮箱无效。")]}) from None
    elif not PHONE.match(address):
        raise ServiceError(ErrorCode.INVALID, _("请填写有效的11位手机号码。"), fields={"address": [_("手机号码无效。")]})
    now = timezone.now()
    revoked = _open(mp).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    code = f"{secrets.randbelow(10**6):06d}"
    invitation = Invitation.objects.create(
        party=mp,
        channel=channel,
        address=address[:254],
        token_hash=_hash(token),
        code_hash=_hash(code),
        sent_at=now,
        expires_at=now + datetime.timedelta(days=INVITATION_DAYS),
        sent_by=actor,
    )
    text = _message(mp, invitation_url(token, base_url), code, invitation.expires_at)
    if channel == InvitationChannel.EMAIL:
        subject = _("调解邀请：%(n)s") % {"n": mediation.number}
        transaction.on_commit(lambda: send_mail(subject, text, None, [address], fail_silently=False))
    else:
        transaction.on_commit(lambda: _sms_sender().send(address, text))
    record(
        actor=actor,
        action="mediation.invitation.sent",
        obj=mediation,
        agency=mediation.organisation.agency,
        after={"party": mp.pk, "invitation": invitation.pk, "channel": channel, "address": _masked(address), "revoked_before": revoked},
    )
    confirmation._log(
        mediation,
        actor,
        _("已通过%(ch)s向%(p)s发送在线参与邀请（%(addr)s）。") % {"ch": invitation.get_channel_display(), "p": mp.party.name, "addr": _masked(address)},
        kind=LogKind.HAND_OFF,
        visible=False,
    )
    if return_secrets:
        return invitation, token, code
    return invitation


def _masked(address):
    if "@" in address:
        name, _sep, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    return f"{address[:3]}****{address[-4:]}" if len(address) >= 7 else "***"


@transaction.atomic
def revoke(*, actor, invitation):
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("party__mediation__organisation__agency", "party__party", "party__mediation__mediator__user")
        .get(pk=invitation.pk)
    )
    mediation = invitation.party.mediation
    if not confirmation.can_invite(actor, mediation):
        raise PermissionDenied()
    if invitation.revoked_at or invitation.used_at:
        raise ServiceError(ErrorCode.INVITATION_INVALID, _("该邀请已使用或已撤销。"), status=409)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(actor=actor, action="mediation.invitation.revoked", obj=mediation, agency=mediation.organisation.agency, after={"invitation": invitation.pk})
    confirmation._log(mediation, actor, _("撤销了对%(p)s的在线参与邀请。") % {"p": invitation.party.party.name}, visible=False)
    return invitation


def status_of(invitation, now=None):
    now = now or timezone.now()
    if invitation.used_at:
        return "used"
    if invitation.revoked_at:
        return "revoked"
    if invitation.attempts >= MAX_ATTEMPTS:
        return "locked"
    if invitation.expires_at <= now:
        return "expired"
    return "open"


STATUS_LABELS = {"used": "已使用", "revoked": "已撤销", "locked": "验证码错误次数过多", "expired": "已过期", "open": "待使用"}


def find(token):
    """The open invitation of a raw token, or invitation_invalid (whatever the reason: the page
    tells no more than that)."""
    invitation = Invitation.objects.select_related("party__mediation", "party__party", "party__user", "sent_by").filter(token_hash=_hash(token or "")).first()
    if invitation is None or status_of(invitation) != "open":
        raise ServiceError(ErrorCode.INVITATION_INVALID)
    return invitation


def _username_for(mp):
    base = f"party{mp.mediation_id}_{mp.pk}"
    User = get_user_model()
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}_{n}"
    return name


def take_up(*, token, code, password, request=None):
    """Check the code (a wrong one is counted, even though the rest is rolled back), then create or
    reuse the party's account, set its password and bind it. Returns the user (the view signs in)."""
    invitation = find(token)
    if not hmac.compare_digest(invitation.code_hash, _hash(str(code or "").strip())):
        Invitation.objects.filter(pk=invitation.pk).update(attempts=invitation.attempts + 1)
        left = MAX_ATTEMPTS - invitation.attempts - 1
        if left <= 0:
            raise ServiceError(ErrorCode.INVITATION_INVALID, _("验证码错误次数过多，该邀请已失效，请联系调解员重新发送。"))
        raise ServiceError(ErrorCode.INVITATION_CODE_WRONG, _("验证码错误，还可尝试%(n)d次。") % {"n": left}, fields={"code": [_("验证码错误。")]})
    return _bind(invitation, password)


@transaction.atomic
def _bind(invitation, password):
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    if status_of(invitation) != "open":
        raise ServiceError(ErrorCode.INVITATION_INVALID)
    mp = MediationParty.objects.select_for_update(of=("self",)).select_related("party", "mediation__organisation__agency", "user").get(pk=invitation.party_id)
    User = get_user_model()
    user = mp.user
    if user is None and invitation.channel == InvitationChannel.EMAIL:
        user = User.objects.filter(kind="external", email__iexact=invitation.address, is_active=True).order_by("pk").first()
    if user is not None and (getattr(user, "kind", "") != "external" or not user.is_active):
        raise ServiceError(ErrorCode.ACCOUNT_KIND_INVALID, _("该当事人绑定的账户不是有效的外部当事人账户，请联系调解员。"))
    if not password:
        raise ServiceError(ErrorCode.REQUIRED, fields={"password": [_("请设置密码。")]})
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError(ErrorCode.WEAK_PASSWORD, _("密码强度不足：") + " ".join(exc.messages), fields={"password": list(exc.messages)}) from None
    created = False
    if user is None:
        factory = import_string(getattr(settings, "MEDIATION_EXTERNAL_ACCOUNT_FACTORY", DEFAULT_ACCOUNT_FACTORY))
        inviter = invitation.sent_by
        if inviter is None:
            raise ServiceError(ErrorCode.INVITATION_INVALID)
        user = factory(
            actor=inviter,
            username=_username_for(mp),
            full_name=mp.party.name,
            email=invitation.address if invitation.channel == InvitationChannel.EMAIL else "",
            phone=invitation.address if invitation.channel == InvitationChannel.SMS else "",
            reason=_("调解邀请 %(n)s") % {"n": mp.mediation.number},
        )
        created = True
    user.set_password(password)
    user.save(update_fields=["password"])
    mp.user = user
    mp.save(update_fields=["user", "updated_at"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    record(
        actor=user,
        action="mediation.invitation.taken_up",
        obj=mp.mediation,
        agency=mp.mediation.organisation.agency,
        after={"party": mp.pk, "invitation": invitation.pk, "user": user.pk, "account_created": created},
    )
    confirmation._log(mp.mediation, user, _("%(p)s已接受邀请，在线参与调解。") % {"p": mp.party.name})
    return user


# --- the party's reads ---------------------------------------------------------------------------


def matters_of(user):
    """The MediationParty rows of an external user (one per matter)."""
    if not (user.is_authenticated and getattr(user, "kind", "") == "external"):
        return MediationParty.objects.none()
    return (
        MediationParty.objects.filter(user=user)
        .select_related("mediation__organisation__agency", "mediation__mediator__user", "party")
        .order_by("-mediation__received_on", "pk")
    )


def party_matter(user, pk):
    """(mediation, the user's MediationParty) of a matter the user is a party of; otherwise 404."""
    from ipcollab.core.ids import parse_pk

    pk = parse_pk(pk)
    mp = matters_of(user).filter(mediation_id=pk).first()
    if mp is None:
        raise NotFound()
    return mp.mediation, mp
