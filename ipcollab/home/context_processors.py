from ipcollab.core import navigation as nav


def navigation_entries(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    return {"nav_entries": nav.menu_for(user)}


navigation = navigation_entries  # name used in settings.TEMPLATES
