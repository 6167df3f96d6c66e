"""Connects alerts to what happens to proceedings."""

from ipcollab.proceedings.signals import proceeding_event

from .alerting import on_proceeding_event

proceeding_event.connect(on_proceeding_event, dispatch_uid="alerts.on_proceeding_event")
