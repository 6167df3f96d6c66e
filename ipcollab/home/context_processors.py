from ipcollab.core import navigation as nav


def navigation_entries(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    # Once a request: every template rendered with the request (a dossier's panels) runs the
    # context processors again.
    if getattr(request, "_nav_entries_for", None) is not user:
        request._nav_entries, request._nav_entries_for = nav.menu_for(user), user
    return {"nav_entries": request._nav_entries}


navigation = navigation_entries  # name used in settings.TEMPLATES
