"""TOTP second factor (django-otp), with the QR code drawn locally (segno) — no third party sees the secret."""

import base64

import segno
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipcollab.audit import services as audit


def has_confirmed(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user):
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


def secret_b32(device):
    return base64.b32encode(device.bin_key).decode("ascii")


def qr_svg(device):
    qr = segno.make(device.config_url, error="m")
    return qr.svg_inline(scale=4, dark="#000", light="#fff")


def confirm_device(*, user, device, token, request):
    if not device.verify_token(token):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record(actor=user, action="accounts.otp_enabled", obj=user)
    otp_login(request, device)
    return True


def verify(*, request, token):
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        if device.verify_token(token):
            otp_login(request, device)
            return True
    audit.record(actor=request.user, action="accounts.otp_failed", obj=request.user)
    return False
