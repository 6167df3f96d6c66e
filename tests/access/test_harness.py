"""The harness itself: it must notice a URL without an entry, and a stale or incomplete entry."""

from .harness import PERSONAS, Entry, Pattern, problems

ALL = {"*": 200}


def test_a_pattern_without_an_entry_is_reported():
    found = problems([], [Pattern("things/", "things:list")])
    assert found == ["URL pattern 'things/' (things:list) has no access-matrix entry"]


def test_an_unnamed_pattern_is_reported():
    assert "has no name" in problems([], [Pattern("things/", None)])[0]


def test_an_api_method_without_an_entry_is_reported():
    pattern = Pattern("api/v1/things/", "api:thing-list", frozenset({"GET", "POST"}))
    found = problems([Entry(url="api:thing-list", expect=ALL)], [pattern])
    assert found == ["API endpoint 'api/v1/things/' (api:thing-list) answers POST but has no access-matrix entry for it"]


def test_a_stale_entry_is_reported():
    found = problems([Entry(url="things:gone", expect=ALL, origin="m")], [])
    assert found == ["m: GET things:gone: no URL pattern named 'things:gone' (renamed or removed?)"]


def test_a_persona_without_expectation_is_reported():
    partial = {p: 200 for p in list(PERSONAS)[:-1]}
    found = problems([Entry(url="things:list", expect=partial, origin="m")], [Pattern("things/", "things:list")])
    assert len(found) == 1 and "no expected status for ['external']" in found[0]


def test_unknown_personas_statuses_and_duplicates_are_reported():
    entries = [
        Entry(url="things:list", expect={"*": 200, "judge_c": 200}, origin="m"),
        Entry(url="things:list", expect={"*": 999}, origin="m"),
    ]
    found = problems(entries, [Pattern("things/", "things:list")])
    assert any("unknown persona or status {'judge_c': 200}" in f for f in found)
    assert any("unknown persona or status {'*': 999}" in f for f in found)
    assert any("duplicate entry" in f for f in found)


def test_complete_matrix_has_no_problems():
    entries = [Entry(url="things:list", expect=ALL), Entry(url="things:list", method="POST", expect=ALL)]
    assert problems(entries, [Pattern("things/", "things:list", frozenset({"GET", "POST"}))]) == []
