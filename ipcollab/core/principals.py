"""Questions about the acting user that every layer asks. Duck-typed on the User model so
that core does not import accounts."""


def is_platform_admin(user):
    return bool(user and user.is_authenticated and user.is_active and (user.is_superuser or user.has_role("platform_admin")))


def is_agency_admin(user, agency_id=None):
    if not (user and user.is_authenticated and user.is_active and user.agency_id):
        return False
    return user.has_role("agency_admin") and (agency_id is None or agency_id == user.agency_id)
