"""Small template helpers for text that mixes translated labels and data."""

from django import template
from django.utils.translation import get_language

register = template.Library()


def _zh():
    return (get_language() or "zh-hans").startswith("zh")


@register.simple_tag
def colon():
    """The label colon: full-width in Chinese, ': ' in English."""
    return "：" if _zh() else ": "


@register.simple_tag
def list_sep():
    """The list separator: 、 in Chinese, ', ' in English."""
    return "、" if _zh() else ", "


@register.simple_tag
def lparen():
    return "（" if _zh() else " ("


@register.simple_tag
def rparen():
    return "）" if _zh() else ")"
