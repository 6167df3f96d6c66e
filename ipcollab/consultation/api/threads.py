"""API of liaison threads (联络沟通): the threads of the caller's agency with unread counts, one
thread with its posts, and a reply. Scopes: consultation:read (GET), consultation:write (POST).
Reading through the API does not mark a thread read (the page does). Agency systems take part in
no thread: an empty list, 404 on a thread. Thin: threads.py decides."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError

from .. import threads
from ..models import ThreadStatus

READ_ERRORS = (401, 403, 404, 429)
LIST_ERRORS = (400, 401, 403, 429)
WRITE_ERRORS = (400, 401, 403, 404, 409, 429)
SCOPES = {"GET": "consultation:read", "POST": "consultation:write"}


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PostSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agency = AgencyRefSerializer()
    author = serializers.CharField(allow_blank=True)
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


class ThreadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    topic = serializers.CharField()
    status = serializers.ChoiceField(choices=ThreadStatus.values)
    agency = AgencyRefSerializer(help_text="the starting agency")
    feedback = serializers.IntegerField(allow_null=True, help_text="the standards-feedback record it discusses")
    post_count = serializers.IntegerField()
    unread = serializers.IntegerField(help_text="posts by others since the caller last read the thread on its page")
    last_post_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class ThreadDetailSerializer(ThreadSerializer):
    agencies = AgencyRefSerializer(many=True)
    posts = PostSerializer(many=True)


class ReplySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=threads.MAX_BODY)


def thread_data(thread, detail=False):
    data = {
        "id": thread.pk,
        "topic": thread.topic,
        "status": thread.status,
        "agency": {"id": thread.agency_id, "name": thread.agency.name},
        "feedback": thread.feedback_id,
        "post_count": thread.post_count,
        "unread": thread.unread,
        "last_post_at": thread.last_post_at,
        "created_at": thread.created_at,
    }
    if detail:
        data["agencies"] = [{"id": a.pk, "name": a.name} for a in threads.agencies_of(thread)]
        data["posts"] = [
            {
                "id": p.pk,
                "agency": {"id": p.agency_id, "name": p.agency.name},
                "author": p.author.display_name if p.author_id else "",
                "body": p.body,
                "created_at": p.created_at,
            }
            for p in threads.posts_of(thread)
        ]
    return data


class IdPagination(StableCursorPagination):
    ordering = "-id"


@extend_schema_view(
    list=extend_schema(
        summary="Liaison threads of the caller's agency, with unread counts",
        tags=["consultation"],
        parameters=[OpenApiParameter("status", str, enum=list(ThreadStatus.values))],
        responses={200: ThreadSerializer(many=True), **error_responses(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(
        summary="One thread with its agencies and posts", tags=["consultation"], responses={200: ThreadDetailSerializer, **error_responses(*READ_ERRORS)}
    ),
    reply=extend_schema(
        summary="Reply (a liaison or admin of one of the thread's agencies); the other agencies' liaisons are notified",
        tags=["consultation"],
        request=ReplySerializer,
        responses={201: PostSerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class ThreadViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = SCOPES
    pagination_class = IdPagination
    serializer_class = ThreadSerializer
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        qs = threads.threads_for(self.request.user)
        value = self.request.query_params.get("status")
        if value not in (None, ""):
            if value not in ThreadStatus.values:
                raise ServiceError(ErrorCode.INVALID, fields={"status": [", ".join(ThreadStatus.values)]})
            qs = qs.filter(status=value)
        return qs

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([thread_data(t) for t in page])

    def retrieve(self, request, pk=None):
        return Response(thread_data(threads.get_thread(request.user, pk), detail=True))

    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        thread = threads.get_thread(request.user, pk)
        serializer = ReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not threads.can_post(request.user, thread):
            raise PermissionDenied()
        post = threads.post_reply(actor=request.user, thread=thread, body=serializer.validated_data["body"])
        data = {
            "id": post.pk,
            "agency": {"id": post.agency_id, "name": post.agency.name},
            "author": post.author.display_name if post.author_id else "",
            "body": post.body,
            "created_at": post.created_at,
        }
        return Response(data, status=status.HTTP_201_CREATED)
