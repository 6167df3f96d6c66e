from django import template

from .. import selectors

register = template.Library()

FIELDS = {"right": "right", "proceeding": "proceeding"}


@register.simple_tag
def follow_state(user, target):
    """For the follow button: ``field`` (right / proceeding, or "" for anything else) and the
    user's follow of ``target`` (or None)."""
    field = FIELDS.get(getattr(getattr(target, "_meta", None), "model_name", ""), "")
    if not field or not getattr(user, "is_authenticated", False):
        return {"field": field, "follow": None}
    return {"field": field, "follow": selectors.follow_of(user, **{field: target})}
