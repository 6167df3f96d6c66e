"""Masking of personal data in lists and exports (PIPL). Pure functions."""


def mask_phone(value):
    if not value:
        return ""
    digits = value.strip()
    if len(digits) >= 11:
        return digits[:3] + "****" + digits[-4:]
    if len(digits) > 4:
        return "*" * (len(digits) - 4) + digits[-4:]
    return "*" * len(digits)


def mask_email(value):
    if not value or "@" not in value:
        return value or ""
    local, domain = value.split("@", 1)
    shown = local[:1]
    return f"{shown}***@{domain}"


def mask_name(value):
    """张三丰 → 张**; keeps the surname, which officials use to address a person."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1) if len(value) > 1 else value


def mask_id_card(value):
    if not value:
        return ""
    return value[:6] + "*" * max(len(value) - 10, 0) + value[-4:] if len(value) > 10 else "*" * len(value)
