import itertools
import json
import re
import tracemalloc
from collections import Counter
from datetime import date, timedelta

import pytest

from ipcollab.identifiers import parse_patent_number, parse_trademark_number, region_table, validate_uscc
from ipcollab.registry import generator as gen
from ipcollab.registry import status as st

N = 3000


@pytest.fixture(scope="module")
def patent_records():
    return list(gen.patents(7, N))


@pytest.fixture(scope="module")
def trademark_records():
    return list(gen.trademarks(7, N))


def parties(record):
    return record.get("applicants") or [record["applicant"]]


def test_every_patent_number_parses_and_is_unique(patent_records):
    numbers = set()
    for record in patent_records:
        parsed = parse_patent_number(record["number"], today=date(2026, 1, 1))
        assert parsed.normalized == record["number"] and not parsed.legacy
        assert parsed.kind == record["kind"] and parsed.pct == record["pct"]
        assert 2005 <= parsed.year <= 2025 and str(parsed.year) == record["filing_date"][:4]
        numbers.add(record["number"])
    assert len(numbers) == N


def test_kind_digit_distribution_is_realistic(patent_records):
    digits = Counter(record["number"][4] for record in patent_records)
    assert 0.40 < digits["1"] / N < 0.50
    assert 0.34 < digits["2"] / N < 0.44
    assert 0.11 < digits["3"] / N < 0.19
    assert 0 < digits["8"] + digits["9"] < 0.05 * N


def test_every_credit_code_validates_and_regions_are_real():
    regions = region_table()
    for record in itertools.chain(gen.patents(3, 1500), gen.trademarks(3, 1500)):
        for party in parties(record):
            if party["kind"] == "organization" and party["credit_code"] is not None:
                assert validate_uscc(party["credit_code"]) == party["credit_code"]
                assert party["credit_code"][2:8] == party["region"] and party["region"] in regions
            if party["kind"] == "person":
                assert party["credit_code"] is None
    assert all(code in regions for _, codes in gen.CITIES for code in codes)
    assert all(code in regions for _, code in gen.UNIVERSITIES)


def test_companies_universities_and_persons_look_real(patent_records):
    names = [party["name"] for record in patent_records for party in record["applicants"]]
    assert any(re.fullmatch(r"深圳市.+(股份)?有限公司", name) for name in names)
    assert any(name in ("清华大学", "浙江大学") for name in names)
    assert any(2 <= len(name) <= 3 for name in names)  # persons
    modern = [p["credit_code"] for r in patent_records for p in r["applicants"] if p["credit_code"] and p["credit_code"][:2] == "91"]
    assert any(code[8:10] == "MA" for code in modern)


def test_titles_classification_and_inventors(patent_records):
    for record in patent_records:
        assert record["title"] and record["inventors"]
        if record["kind"] == "design":
            assert record["ipc"] == [] and re.fullmatch(r"\d{2}-\d{2}", record["locarno"])
        else:
            assert record["locarno"] is None and record["ipc"]
            assert all(re.fullmatch(r"[A-H]\d{2}[A-Z] \d{1,4}/\d{2,6}", code) for code in record["ipc"])
    titles = [r["title"] for r in patent_records]
    assert any(t.startswith("一种") and t.endswith("方法") for t in titles)
    assert any(t.startswith("手机壳") or t.startswith("灯具") for t in titles)


def test_events_replay_to_the_status_and_flags(patent_records, trademark_records):
    for kind, records in ((st.PATENT, patent_records), (st.TRADEMARK, trademark_records)):
        statuses = Counter()
        for record in records:
            # Through JSON, as the importer will read them.
            events = json.loads(json.dumps(record["events"]))
            state = st.replay(kind, events, gen.WINDOWS)
            assert state.status == record["status"]
            assert st.consistency_problems(state) == []
            assert record["flags"] == {
                "pledged": state.pledged,
                "licensed": state.licensed,
                "frozen": state.frozen,
                "under_invalidation": state.under_invalidation,
                "opposed": state.opposed,
            }
            assert state.owner == record["owner"]
            statuses[record["status"]] += 1
        # A realistic mix, not one status.
        assert len(statuses) >= 7, statuses
    used = {e["type"] for r in patent_records for e in r["events"]}
    assert {
        st.TRANSFERRED,
        st.PLEDGE_RECORDED,
        st.PLEDGE_RELEASED,
        st.LICENCE_FILED,
        st.INVALIDATION_DECIDED,
        st.LAPSED_UNPAID_ANNUITY,
        st.RESTORED,
        st.FROZEN,
        st.UNFROZEN,
    } <= used


def test_patent_dates_are_consistent(patent_records):
    for record in patent_records:
        filed = date.fromisoformat(record["filing_date"])
        granted = record["grant_date"] and date.fromisoformat(record["grant_date"])
        published = record["publication_date"] and date.fromisoformat(record["publication_date"])
        events = [date.fromisoformat(e["date"]) for e in record["events"]]
        assert events == sorted(events) and events[0] == filed and max(events) <= date(2025, 12, 31)
        if record["kind"] == "invention":
            if published and not record["pct"]:
                assert 17 <= (published - filed).days / 30.4 <= 19
        else:
            assert published is None
        if granted:
            assert granted > filed
            assert published is None or granted > published
        years = {"invention": 20, "utility_model": 10}.get(record["kind"]) or (15 if filed >= date(2021, 6, 1) else 10)
        assert date.fromisoformat(record["expiry_date"]) + timedelta(days=1) == gen._add_years(filed, years)
        if record["status"] == st.S_GRANTED:
            assert record["annuity"]["status"] == "paid" and record["annuity"]["paid_through_year"] >= 1
        if record["status"] == st.S_LAPSED:
            assert record["annuity"]["status"] == "unpaid_lapsed"
        assert record["source"] == "cnipa" and record["source_id"].endswith(record["number"])
        assert isinstance(record["source_version"], int) and record["source_version"] >= 1
        assert record["received_at"][:10] >= events[-1].isoformat()


def test_design_term_follows_the_2021_amendment():
    designs = [r for r in gen.patents(11, 4000, 2019, 2023) if r["kind"] == "design"]
    old = [r for r in designs if r["filing_date"] < "2021-06-01"]
    new = [r for r in designs if r["filing_date"] >= "2021-06-01"]
    assert old and new

    def term(r):
        return (date.fromisoformat(r["expiry_date"]) + timedelta(days=1)).year - int(r["filing_date"][:4])

    assert all(term(r) == 10 for r in old)
    assert all(term(r) == 15 for r in new)


def test_trademarks_are_realistic(trademark_records):
    numbers = set()
    for record in trademark_records:
        parsed = parse_trademark_number(record["number"])
        assert not parsed.international and 1 <= len(record["number"]) <= 8
        numbers.add(record["number"])
        if record["international_number"]:
            assert parse_trademark_number(record["international_number"]).international
            assert any(e["type"] == st.MADRID_DESIGNATED for e in record["events"])
        for entry in record["classes"]:
            assert 1 <= entry["class"] <= 45
            assert all(re.fullmatch(r"\d{4}", g) and int(g[:2]) == entry["class"] for g in entry["groups"])
            assert re.fullmatch(r"NCL\d{1,2}-\d{4}", entry["edition"]) and entry["edition"].endswith(record["filing_date"][:4])
        assert record["mark_text"].strip()
        if record["registration_date"] and not any(e["type"] == st.OPPOSED for e in record["events"]):
            months = (date.fromisoformat(record["registration_date"]) - date.fromisoformat(record["filing_date"])).days / 30.4
            assert 8.8 <= months <= 12.1
        if record["registration_date"]:
            registered = date.fromisoformat(record["registration_date"])
            day_after = date.fromisoformat(record["term_ends"]) + timedelta(days=1)  # terms of 10 years, renewed by 10
            assert day_after.year - registered.year in (10, 20, 30, 40) and day_after.month == registered.month
    assert len(numbers) == N
    assert any(r["international_number"] for r in trademark_records)
    assert any(re.search(r"[A-Za-z]", r["mark_text"]) for r in trademark_records)
    assert any(e["type"] == st.RENEWED for r in trademark_records for e in r["events"])
    assert gen.nice_edition(date(2024, 3, 1)) == "NCL12-2024" and gen.nice_edition(date(2018, 1, 1)) == "NCL11-2018"


def test_deterministic_per_seed():
    assert list(gen.patents(42, 200)) == list(gen.patents(42, 200))
    assert list(gen.trademarks(42, 200)) == list(gen.trademarks(42, 200))
    assert list(gen.patents(42, 50)) == list(gen.patents(42, 200))[:50]  # a prefix of a larger run
    assert list(gen.patents(42, 50)) != list(gen.patents(43, 50))


def test_sizes_are_checked():
    with pytest.raises(ValueError):
        next(gen.patents(1, gen.MAX_RECORDS + 1))
    with pytest.raises(ValueError):
        next(gen.patents(1, 1, start_year=2002))
    assert list(gen.trademarks(1, 0)) == []


def peak_while_consuming(records) -> int:
    tracemalloc.start()
    try:
        for _ in records:
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_while_streaming():
    # 100,000 records held at once would take hundreds of MB; streamed, the peak is one record's
    # worth (tens of kB) whatever the count.
    small = peak_while_consuming(gen.trademarks(9, 1_000))
    large = peak_while_consuming(gen.trademarks(9, 100_000))
    assert large < 1_000_000 and large < 3 * small
    assert peak_while_consuming(gen.patents(9, 20_000)) < 1_000_000
