"""People and roles over the API. Thin: validation in serializers, rules in services and
selectors; errors answer the one envelope."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ipcollab.core.api.schema import error_responses
from ipcollab.core.errors import ErrorCode, NotFound, PermissionDenied, ServiceError

from .. import selectors, services
from ..models import User
from .permissions import TokenScope
from .serializers import (
    MeSerializer,
    PeopleQuerySerializer,
    PersonCreateSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
    RoleAssignSerializer,
    RoleSerializer,
)

_EXTRA = {
    401: "Not authenticated (`not_authenticated`), bad token (`authentication_failed`) or expired token (`token_expired`).",
    409: "The last active admin of the agency (or platform) would be removed (`last_admin`).",
    415: "Unsupported media type (`unsupported_media_type`).",
}


def errors(*statuses):
    return error_responses(*statuses, descriptions=_EXTRA)


READ_ERRORS = errors(400, 401, 403, 404, 429)
WRITE_ERRORS = errors(400, 401, 403, 404, 409, 415, 429)


def _division(agency, division_id):
    if division_id is None:
        return None
    division = selectors.divisions_of(agency).filter(pk=division_id).first()
    if division is None:
        raise ServiceError(ErrorCode.DIVISION_MISMATCH, fields={"division": [ServiceError(ErrorCode.DIVISION_MISMATCH).message]})
    return division


@extend_schema(tags=["accounts"])
class MeView(APIView):
    """The caller: account, agency, roles and, for token calls, the token's scopes."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="The calling account", responses={200: MeSerializer, **errors(401, 429)})
    def get(self, request):
        user = request.user
        token = request.auth if hasattr(request.auth, "allows") else None
        data = {
            "id": user.pk,
            "username": user.username,
            "full_name": user.full_name,
            "kind": user.kind,
            "agency": user.agency,
            "roles": sorted(user.role_codes()),
            "token": token,
        }
        return Response(MeSerializer(data).data)


@extend_schema(tags=["accounts"])
class RoleListView(ListAPIView):
    """Every role (roles are data). `agency_kinds` empty means the role applies to every kind."""

    serializer_class = RoleSerializer
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = {"GET": "accounts:read"}
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return selectors.roles_all()

    @extend_schema(summary="Roles", responses={200: RoleSerializer(many=True), **errors(401, 403, 429)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Person id")
_CODE = OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, description="Role code", pattern=r"^[a-z0-9_-]+$")


@extend_schema_view(
    list=extend_schema(
        summary="People within the caller's reach", parameters=[PeopleQuerySerializer], responses={200: PersonSerializer(many=True), **READ_ERRORS}
    ),
    retrieve=extend_schema(summary="One person", parameters=[_ID], responses={200: PersonSerializer, **READ_ERRORS}),
    create=extend_schema(summary="Create a staff account", request=PersonCreateSerializer, responses={201: PersonSerializer, **WRITE_ERRORS}),
    partial_update=extend_schema(
        summary="Update a person", parameters=[_ID], request=PersonUpdateSerializer, responses={200: PersonSerializer, **WRITE_ERRORS}
    ),
)
@extend_schema(tags=["accounts"])
class PersonViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Agency admins manage their agency's people; platform admins everyone; other staff and
    agency systems read their agency's active colleagues. Phone and e-mail are masked unless
    the caller's role needs them."""

    serializer_class = PersonSerializer
    permission_classes = [IsAuthenticated, TokenScope]
    required_scopes = {"GET": "accounts:read", "POST": "accounts:write", "PATCH": "accounts:write", "DELETE": "accounts:write"}
    queryset = User.objects.none()
    lookup_value_regex = "[0-9]+"
    filter_backends = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.action != "list":
            return selectors.people_reach(self.request.user)
        query = PeopleQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        f = query.validated_data
        return selectors.people_list_for_user(
            self.request.user, q=f.get("q", ""), role=f.get("role", ""), active=f.get("active"), agency=f.get("agency"), kind=f.get("kind", "")
        )

    def _person(self):
        return selectors.person_get_for_user(self.request.user, self.kwargs["pk"])

    def _out(self, person, code=status.HTTP_200_OK):
        try:
            person = selectors.person_get_for_user(self.request.user, person.pk)
        except NotFound:
            pass
        return Response(PersonSerializer(person, context=self.get_serializer_context()).data, status=code)

    def retrieve(self, request, pk=None):
        return Response(PersonSerializer(self._person(), context=self.get_serializer_context()).data)

    def create(self, request):
        body = PersonCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        user = request.user
        if "agency" in data:
            agency = selectors.agency_get(data["agency"])
            if agency is None:
                raise ServiceError(ErrorCode.INVALID, fields={"agency": [ServiceError(ErrorCode.NOT_FOUND).message]})
        else:
            agency = user.agency
            if agency is None:
                raise ServiceError(ErrorCode.REQUIRED, fields={"agency": [ServiceError(ErrorCode.REQUIRED).message]})
        if not user.has_perm("accounts.manage_people", agency):
            raise PermissionDenied()
        person = services.staff_create(
            actor=user,
            agency=agency,
            username=data["username"],
            password=data["password"],
            full_name=data["full_name"],
            title=data["title"],
            division=_division(agency, data.get("division")),
            phone=data["phone"],
            email=data["email"],
            roles=data["roles"],
        )
        return self._out(person, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        person = self._person()
        body = PersonUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        changes = dict(body.validated_data)
        if "division" in changes:
            changes["division"] = _division(person.agency, changes["division"])
        person = services.staff_update(actor=request.user, person=person, **changes)
        return self._out(person)

    @extend_schema(
        summary="Assign a role",
        parameters=[_ID],
        request=RoleAssignSerializer,
        responses={201: PersonSerializer, 200: OpenApiResponse(PersonSerializer, description="Role already held; nothing changed"), **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="roles")
    def roles(self, request, pk=None):
        person = self._person()
        body = RoleAssignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _membership, created = services.role_assign(actor=request.user, person=person, role_code=body.validated_data["role"])
        return self._out(person, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(summary="Revoke a role", parameters=[_ID, _CODE], request=None, responses={204: None, **WRITE_ERRORS})
    @action(detail=True, methods=["delete"], url_path=r"roles/(?P<code>[a-z0-9_-]+)")
    def revoke_role(self, request, pk=None, code=None):
        person = self._person()
        services.role_revoke(actor=request.user, person=person, role_code=code)
        return Response(status=status.HTTP_204_NO_CONTENT)
