"""Each part of the consultation app registers its own navigation entries and attention items."""

from . import hooks_actions, hooks_documents, hooks_feedback, hooks_meetings, hooks_rounds, hooks_threads  # noqa: F401
