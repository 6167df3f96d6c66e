"""API of comment rounds on drafts (征求意见) for the agencies' systems: the rounds in reach (drafted
by the caller's agency or inviting it), one round with its articles, invitees and comments (the
drafting agency sees every comment and its response; an invited agency its own), and a comment
posted for an invited agency by its system or liaison. Scopes: consultation:read (GET),
consultation:write (POST). Thin: rounds.py decides; out of reach is a 404."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import ErrorCode, ServiceError
from ipcollab.core.ids import MAX_PK
from ipcollab.core.principals import is_platform_admin

from .. import rounds
from ..models import DraftArticle, DraftKind, ResponseKind, RoundStatus

READ_ERRORS = (401, 403, 404, 429)
LIST_ERRORS = (400, 401, 403, 429)
WRITE_ERRORS = (400, 401, 403, 404, 429)
SCOPES = {"GET": "consultation:read", "POST": "consultation:write"}


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class InviteeSerializer(serializers.Serializer):
    agency = RefSerializer()
    answer = serializers.ChoiceField(choices=["commented", "no_comment", ""], help_text="commented, no_comment (无意见), or empty: not yet")
    no_comment_at = serializers.DateTimeField(allow_null=True)


class ArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    label = serializers.CharField(help_text="e.g. 第三条")
    text = serializers.CharField()


class DraftCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    article = serializers.IntegerField(allow_null=True, help_text="article id; null: a comment on the whole draft")
    article_label = serializers.CharField(allow_null=True)
    agency = RefSerializer()
    body = serializers.CharField()
    proposed_text = serializers.CharField(allow_blank=True)
    response = serializers.ChoiceField(choices=[*ResponseKind.values, ""], help_text="the drafter's response; empty: not answered yet")
    response_text = serializers.CharField(allow_blank=True)
    responded_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class CommentRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    draft_kind = serializers.ChoiceField(choices=DraftKind.values)
    drafting_agency = RefSerializer()
    status = serializers.ChoiceField(choices=RoundStatus.values)
    opened_on = serializers.DateField()
    deadline = serializers.DateField(help_text="comments are accepted up to and including this day")
    invitees = serializers.IntegerField(help_text="agencies invited")
    answered = serializers.IntegerField(help_text="invited agencies that commented or answered no comments")


class CommentRoundDetailSerializer(CommentRoundSerializer):
    description = serializers.CharField(allow_blank=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    invited = InviteeSerializer(many=True)
    articles = ArticleSerializer(many=True)
    comments = DraftCommentSerializer(many=True)


class CommentInSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10000)
    article = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_PK, help_text="article id; omit for the whole draft")
    proposed_text = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")


def _ref(agency):
    return {"id": agency.pk, "name": agency.name}


def comment_data(c):
    return {
        "id": c.pk,
        "article": c.article_id,
        "article_label": c.article.label if c.article_id else None,
        "agency": _ref(c.agency),
        "body": c.body,
        "proposed_text": c.proposed_text,
        "response": c.response,
        "response_text": c.response_text,
        "responded_at": c.responded_at,
        "created_at": c.created_at,
    }


def round_data(r, counts):
    answered, invited = counts.get(r.pk, (0, 0))
    return {
        "id": r.pk,
        "title": r.title,
        "draft_kind": r.draft_kind,
        "drafting_agency": _ref(r.drafting_agency),
        "status": r.status,
        "opened_on": r.opened_on,
        "deadline": r.deadline,
        "invitees": invited,
        "answered": answered,
    }


def sees_all(user, r):
    return is_platform_admin(user) or getattr(user, "agency_id", None) == r.drafting_agency_id


def round_detail(user, r):
    data = round_data(r, rounds.answered_counts([r]))
    comments = rounds.consolidated(r)
    if not sees_all(user, r):
        comments = [c for c in comments if c.agency_id == user.agency_id]
    data.update(
        {
            "description": r.description,
            "closed_at": r.closed_at,
            "invited": [
                {"agency": _ref(invitee.agency), "answer": answer, "no_comment_at": invitee.no_comment_at} for invitee, answer in rounds.invitee_rows(r)
            ],
            "articles": [{"id": a.pk, "position": a.position, "label": a.label, "text": a.text} for a in r.articles.order_by("position")],
            "comments": [comment_data(c) for c in comments],
        }
    )
    return data


class IdPagination(StableCursorPagination):
    ordering = "-id"


@extend_schema_view(
    list=extend_schema(
        summary="Comment rounds in reach: drafted by the caller's agency or inviting it",
        tags=["consultation"],
        parameters=[OpenApiParameter("status", str, enum=list(RoundStatus.values))],
        responses={200: CommentRoundSerializer(many=True), **error_responses(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(
        summary="One comment round: articles, invitees and their answers, comments with the drafter's responses",
        tags=["consultation"],
        responses={200: CommentRoundDetailSerializer, **error_responses(*READ_ERRORS)},
    ),
    comments=extend_schema(
        summary="Comment on the draft for an invited agency (its system or liaison), up to and including the deadline day",
        description="Refused with `comment_round_closed` after the deadline day or once the drafter closed the round.",
        tags=["consultation"],
        request=CommentInSerializer,
        responses={201: DraftCommentSerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class CommentRoundViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = SCOPES
    pagination_class = IdPagination
    serializer_class = CommentRoundSerializer
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        qs = rounds.rounds_for(self.request.user)
        state = self.request.query_params.get("status")
        if state not in (None, ""):
            if state not in RoundStatus.values:
                raise ServiceError(ErrorCode.INVALID, fields={"status": [", ".join(RoundStatus.values)]})
            qs = qs.filter(status=state)
        return qs

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset().order_by())
        counts = rounds.answered_counts(page)
        return self.get_paginated_response([round_data(r, counts) for r in page])

    def retrieve(self, request, pk=None):
        return Response(round_detail(request.user, rounds.get_round(request.user, pk)))

    @action(detail=True, methods=["post"])
    def comments(self, request, pk=None):
        r = rounds.get_round(request.user, pk)
        serializer = CommentInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        article = None
        if data.get("article"):
            article = DraftArticle.objects.filter(round=r, pk=data["article"]).first()
            if article is None:
                raise ServiceError(ErrorCode.INVALID, fields={"article": ["an article of this round"]})
        comment = rounds.comment_on_draft(actor=request.user, round=r, body=data["body"], article=article, proposed_text=data.get("proposed_text", ""))
        return Response(comment_data(comment), status=status.HTTP_201_CREATED)
