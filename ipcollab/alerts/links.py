"""Where an alert points: the proceeding's page."""

from django.urls import reverse


def proceeding_link(pk):
    return reverse("proceedings:detail", args=[pk])
