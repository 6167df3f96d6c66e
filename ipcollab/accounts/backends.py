"""The password backend of the platform: Django's model backend with two differences.

- The user of a session is read with their agency: nearly every page asks for it (navigation,
  the rules of every app), which cost a query of its own on each request.
- Django's per-model permission rows are not consulted. The platform grants by role through
  django-rules (each app's ``rules.py``) and opens the admin site by the platform-admin role
  (``audit.admin_mixins``); nothing writes those rows, yet reading them cost two queries on every
  page whose navigation asked a rule that said no.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("agency").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()
