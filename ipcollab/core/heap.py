"""Settling a server process's heap once it has started (config/wsgi.py, and the benchmarks that
time pages as the server serves them).

Everything alive after start-up — modules, models, the URL configuration — lives as long as the
process. Left to the garbage collector, each of its full passes walks all of it again: about
120 ms, once every few hundred requests, and more often on pages that build many objects. Frozen,
those objects are never walked; the collector still frees every cycle made afterwards."""

import gc

from django.urls import get_resolver


def settle():
    get_resolver().url_patterns  # noqa: B018 — load the URL configuration now, before freezing
    gc.collect()
    gc.freeze()
