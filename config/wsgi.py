import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

from ipcollab.core import heap  # noqa: E402  (after the application: Django is set up)

heap.settle()
