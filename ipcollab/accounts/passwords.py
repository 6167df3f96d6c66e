import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """At least three of: lower case, upper case, digits, other characters."""

    classes = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")

    def validate(self, password, user=None):
        if sum(1 for c in self.classes if re.search(c, password)) < 3:
            raise ValidationError(_("密码须包含小写字母、大写字母、数字和符号中的至少三类。"), code="password_character_classes")

    def get_help_text(self):
        return _("密码须包含小写字母、大写字母、数字和符号中的至少三类。")
