import gc

from ipcollab.core import heap


def test_settle_freezes_what_is_alive_and_still_collects_new_cycles():
    try:
        heap.settle()
        frozen = gc.get_freeze_count()
        assert frozen > 10_000  # Django, the apps and the URL configuration

        class Node:
            pass

        a, b = Node(), Node()
        a.other, b.other = b, a
        del a, b
        assert gc.collect() >= 2  # a cycle made afterwards is still freed
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
