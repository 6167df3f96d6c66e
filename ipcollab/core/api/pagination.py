from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from ..errors import ErrorCode


class StableCursorPagination(CursorPagination):
    """Cursor pagination on the primary key: stable under concurrent inserts."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound as exc:
            raise NotFound(code=ErrorCode.INVALID_CURSOR) from exc
