"""Access-matrix entries of the consultation app, one module per part (format: docs/testing.md)."""

from .access_matrix_actions import ENTRIES as ACTION_ENTRIES
from .access_matrix_documents import ENTRIES as DOCUMENT_ENTRIES
from .access_matrix_feedback import ENTRIES as FEEDBACK_ENTRIES
from .access_matrix_meetings import ENTRIES as MEETING_ENTRIES
from .access_matrix_rounds import ENTRIES as ROUND_ENTRIES
from .access_matrix_threads import ENTRIES as THREAD_ENTRIES

ENTRIES = [*MEETING_ENTRIES, *DOCUMENT_ENTRIES, *ACTION_ENTRIES, *THREAD_ENTRIES, *ROUND_ENTRIES, *FEEDBACK_ENTRIES]
