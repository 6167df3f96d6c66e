"""Where an alert points: the proceeding's page."""


def proceeding_link(pk):
    # The proceeding page is `proceedings:detail`; its URLconf is being written alongside this
    # app, so the path is spelt here (one place) until it exists.
    return f"/proceedings/{pk}/"
