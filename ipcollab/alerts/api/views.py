"""API of alerts: the caller's follows (/follows/) and saved searches (/watches/). Scopes:
alerts:read (GET), alerts:write (POST, PATCH, DELETE). Anyone else's follow or watch is a 404,
as is a right or proceeding out of the caller's reach."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ipcollab.core.api.pagination import StableCursorPagination
from ipcollab.core.api.permissions import TokenScope
from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import ErrorCode, ServiceError
from ipcollab.core.ids import MAX_PK

from .. import selectors, services
from ..models import Follow, Watch
from .serializers import (
    FollowCreateSerializer,
    FollowSerializer,
    FollowUpdateSerializer,
    WatchMatchSerializer,
    WatchSerializer,
    WatchWriteSerializer,
)

SCOPES = {"GET": "alerts:read", "POST": "alerts:write", "PATCH": "alerts:write", "DELETE": "alerts:write"}
LIST_ERRORS = (401, 403, 404, 429)
READ_ERRORS = (401, 403, 404, 429)
WRITE_ERRORS = (400, 401, 403, 404, 409, 429)
CREATE_DESCRIPTIONS = {
    400: "Invalid input: `invalid`, `required`, `event_type_unknown` (an event type not in new_proceeding, decision, appeal, "
    "stay, status_change), `follow_target_invalid`, `watch_empty`, `watch_filter_invalid`.",
    404: "The follow or watch is not the caller's, or a right, proceeding, party or agency named is out of reach (`not_found`).",
    409: "`follow_duplicate`: the caller already follows that right or proceeding.",
}


class _Base(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScope]
    pagination_class = StableCursorPagination
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    required_scopes = SCOPES

    def _body(self, serializer_class, partial=False):
        serializer = serializer_class(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


@extend_schema_view(
    list=extend_schema(
        summary="The caller's follows (关注), newest first",
        tags=["alerts"],
        parameters=[
            OpenApiParameter("right", int, description="only the follow of this right (id), if any"),
            OpenApiParameter("proceeding", int, description="only the follow of this proceeding (id), if any"),
        ],
        responses={200: FollowSerializer(many=True), **error_responses(400, *LIST_ERRORS)},
    ),
    retrieve=extend_schema(summary="One of the caller's follows", tags=["alerts"], responses={200: FollowSerializer, **error_responses(*READ_ERRORS)}),
    create=extend_schema(
        summary="Follow a right (every proceeding about it) or a proceeding (its appeals are followed automatically), with the event types to be alerted on and a note",
        tags=["alerts"],
        request=FollowCreateSerializer,
        responses={201: FollowSerializer, **error_responses(400, 401, 403, 404, 409, 429, descriptions=CREATE_DESCRIPTIONS)},
    ),
    partial_update=extend_schema(
        summary="Change a follow's event types and/or note",
        tags=["alerts"],
        request=FollowUpdateSerializer,
        responses={200: FollowSerializer, **error_responses(*WRITE_ERRORS, descriptions=CREATE_DESCRIPTIONS)},
    ),
    destroy=extend_schema(summary="Unfollow", tags=["alerts"], request=None, responses={204: None, **error_responses(401, 403, 404, 429)}),
)
class FollowViewSet(_Base):
    serializer_class = FollowSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Follow.objects.none()
        qs = selectors.follows_for_user(self.request.user)
        for name in ("right", "proceeding"):
            value = self.request.query_params.get(name)
            if value is None:
                continue
            if not value.isdigit() or not 0 < int(value) <= MAX_PK:
                raise ServiceError(ErrorCode.INVALID, fields={name: [_("请提供记录编号（正整数）。")]})
            qs = qs.filter(**{f"{name}_id": int(value)})
        return qs

    def retrieve(self, request, pk=None):
        return Response(FollowSerializer(selectors.follow_get_for_user(request.user, pk)).data)

    def create(self, request):
        data = self._body(FollowCreateSerializer)
        item = services.follow(
            actor=request.user, right=data.get("right"), proceeding=data.get("proceeding"), events=data.get("events"), note=data.get("note", "")
        )
        return Response(FollowSerializer(selectors.follow_get_for_user(request.user, item.pk)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        item = selectors.follow_get_for_user(request.user, pk)
        data = self._body(FollowUpdateSerializer)
        services.follow_update(actor=request.user, follow=item, events=data.get("events"), note=data.get("note"))
        return Response(FollowSerializer(selectors.follow_get_for_user(request.user, item.pk)).data)

    def destroy(self, request, pk=None):
        services.unfollow(actor=request.user, follow=selectors.follow_get_for_user(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _watch_data(watch):
    return {
        "name": watch.name,
        **{f: getattr(watch, f) for f in ("kind", "track", "cause", "status", "right_kind", "under_invalidation", "my_court")},
        "agency": watch.agency_id,
        "party": watch.party_id,
        "right": watch.right_id,
    }


@extend_schema_view(
    list=extend_schema(
        summary="The caller's saved searches (订阅检索), newest first",
        tags=["alerts"],
        responses={200: WatchSerializer(many=True), **error_responses(*LIST_ERRORS)},
    ),
    retrieve=extend_schema(summary="One of the caller's saved searches", tags=["alerts"], responses={200: WatchSerializer, **error_responses(*READ_ERRORS)}),
    create=extend_schema(
        summary="Save a search over proceedings; it alerts on new matching proceedings (created from now on) that the caller can see",
        tags=["alerts"],
        request=WatchWriteSerializer,
        responses={201: WatchSerializer, **error_responses(400, 401, 403, 404, 429, descriptions=CREATE_DESCRIPTIONS)},
    ),
    partial_update=extend_schema(
        summary="Change a saved search (changed filters alert on proceedings created from then on)",
        tags=["alerts"],
        request=WatchWriteSerializer,
        responses={200: WatchSerializer, **error_responses(400, 401, 403, 404, 429, descriptions=CREATE_DESCRIPTIONS)},
    ),
    destroy=extend_schema(summary="Delete a saved search", tags=["alerts"], request=None, responses={204: None, **error_responses(401, 403, 404, 429)}),
    matches=extend_schema(
        summary="The proceedings a saved search matched (those the caller can still see), newest first",
        tags=["alerts"],
        responses={200: WatchMatchSerializer(many=True), **error_responses(*READ_ERRORS)},
    ),
)
class WatchViewSet(_Base):
    serializer_class = WatchSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Watch.objects.none()
        return selectors.watches_for_user(self.request.user)

    def retrieve(self, request, pk=None):
        return Response(WatchSerializer(selectors.watch_get_for_user(request.user, pk)).data)

    def create(self, request):
        watch = services.watch_create(actor=request.user, data=self._body(WatchWriteSerializer))
        return Response(WatchSerializer(watch).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        watch = selectors.watch_get_for_user(request.user, pk)
        data = {**_watch_data(watch), **self._body(WatchWriteSerializer, partial=True)}
        watch = services.watch_update(actor=request.user, watch=watch, data=data)
        return Response(WatchSerializer(watch).data)

    def destroy(self, request, pk=None):
        services.watch_delete(actor=request.user, watch=selectors.watch_get_for_user(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["get"])
    def matches(self, request, pk=None):
        watch = selectors.watch_get_for_user(request.user, pk)
        qs = selectors.matches_of(watch)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(WatchMatchSerializer(page, many=True).data)
