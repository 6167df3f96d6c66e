"""Linking what source systems sent (Proceeding.refs) against the register: each kind of reference,
merged parties, what stays unresolved, a previous instance arriving after its appeal, suggestions by
party (never twice, never a rejected one again), the bulk engine against the per-case loop on a
generated batch, and its query count."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ipcollab.identifiers.case_numbers import parse_case_number
from ipcollab.identifiers.patents import patent_check_character
from ipcollab.identifiers.uscc import organization_code_check_character, uscc_check_character
from ipcollab.orgs.models import Agency
from ipcollab.proceedings import causes, linking
from ipcollab.proceedings.models import AwaitedRight, Change, Link, Proceeding, ProceedingParty, ProceedingRight
from ipcollab.registry.models import Party, PartyName, Right
from ipcollab.registry.names import normalize_name
from ipcollab.rulebook.jurisdiction import appellate_court
from ipcollab.search.models import SearchEntry

pytestmark = pytest.mark.django_db
D = datetime.date


def patent_number(n):
    body = f"20201{n:07d}"
    return f"{body}.{patent_check_character(body)}"


def uscc(n):
    org = f"{n:08d}"
    first = f"91110000{org}{organization_code_check_character(org)}"
    return first + uscc_check_character(first)


def make_patent(n, **extra):
    return Right.objects.create(kind="patent", number=patent_number(n), title=f"专利{n}", patent_kind="invention", **extra)


def make_trademark(number):
    return Right.objects.create(kind="trademark", number=number, title=f"商标{number}")


def make_party(name, code=None, kind="organization", **extra):
    return Party.objects.create(kind=kind, name=name, normalized_name=normalize_name(name), credit_code=code, **extra)


def court(code):
    return Agency.objects.get(kind="court", court_code=code)


def cnipa():
    return Agency.objects.get(code="cnipa")


def case(number, refs=None, *, cause="patent_infringement_invention", stage="first_instance", kind="civil", filed=None):
    parsed = parse_case_number(number)
    return Proceeding.objects.create(
        track="court",
        kind=kind,
        stage=stage,
        number=parsed.normalized,
        agency=court(parsed.court_code),
        year=parsed.year,
        court_code=parsed.court_code,
        type_code=parsed.type_code,
        sequence=parsed.sequence,
        cause=cause,
        category=causes.cause(cause).category,
        filed_on=filed or D(2024, 3, 1),
        refs=refs or {},
    )


def office(number, refs=None, *, kind="patent_invalidation", filed=None):
    return Proceeding.objects.create(track="office", kind=kind, stage="office", number=number, agency=cnipa(), filed_on=filed or D(2024, 5, 1), refs=refs or {})


def plaintiff(name, code=""):
    return {"name": name, "credit_code": code, "role": "plaintiff"}


# --- rights ----------------------------------------------------------------------------------------------
def test_rights_are_resolved_from_numbers_as_sent_with_their_claims_and_unknown_ones_stay_unresolved():
    patent, mark = make_patent(1), make_trademark("12345678")
    sent = [
        {"kind": "patent", "number": f"ZL{patent.number}", "claims": [3, 1, 1]},
        {"kind": "patent", "number": f"  {patent.number}", "claims": [5]},  # the same patent again: claims merged
        {"kind": "trademark", "number": "１２３４５６７８"},
        {"kind": "patent", "number": patent_number(2)},  # not in the register
        {"kind": "patent", "number": "not a number"},
        {"kind": "plant", "number": "1"},
    ]
    p = case("（2024）京73民初1号", {"rights": sent})
    counts = linking.link_pending()
    assert counts["linked"] == 1 and counts["rights"] == 2 and counts["unresolved"] == 3
    rows = {r.right_id: r.claims for r in ProceedingRight.objects.filter(proceeding=p)}
    assert rows == {patent.pk: [1, 3, 5], mark.pk: []}
    p.refresh_from_db()
    assert p.linked_at is not None
    assert p.refs["rights"] == sent  # what was sent is kept
    assert p.refs["unresolved"]["rights"] == sent[3:]
    assert list(Change.objects.filter(proceeding=p).values_list("what", flat=True)) == ["linked"]


def test_a_linked_proceeding_is_not_linked_again():
    make_patent(1)
    case("（2024）京73民初1号", {"rights": [{"kind": "patent", "number": patent_number(1)}]})
    assert linking.link_pending()["linked"] == 1
    assert linking.link_pending()["linked"] == 0
    assert ProceedingRight.objects.count() == 1 and Change.objects.count() == 1


# --- parties ---------------------------------------------------------------------------------------------
def test_parties_are_matched_by_credit_code_then_by_normalised_name_and_former_name():
    by_code = make_party("甲科技有限公司", uscc(1))
    by_name = make_party("乙科技有限责任公司")  # 有限责任公司 ≡ 有限公司
    renamed = make_party("丁新名有限公司")
    PartyName.objects.create(party=renamed, name="丁旧名有限公司", normalized_name=normalize_name("丁旧名有限公司"), valid_to=D(2020, 1, 1))
    p = case(
        "（2024）京73民初1号",
        {
            "parties": [
                {"name": "甲公司（名称不同）", "credit_code": uscc(1).lower(), "role": "plaintiff"},
                {"name": "乙科技有限公司", "credit_code": "", "role": "defendant"},
                {"name": "丁旧名有限公司", "role": "third_party"},
            ]
        },
    )
    counts = linking.link_pending()
    assert (counts["parties_matched"], counts["parties_created"]) == (3, 0)
    rows = list(ProceedingParty.objects.filter(proceeding=p).order_by("order").values_list("party_id", "role", "order"))
    assert rows == [(by_code.pk, "plaintiff", 0), (by_name.pk, "defendant", 1), (renamed.pk, "third_party", 2)]


def test_a_merged_party_is_followed_to_the_surviving_party():
    keep = make_party("戊集团有限公司", uscc(5))
    middle = make_party("戊集团公司", merged_into=keep)
    old = make_party("戊集团有限责任公司旧", uscc(6), merged_into=middle)  # merged twice
    dup = make_party("己股份有限公司")
    dup.merged_into = keep
    dup.save()
    p = case(
        "（2024）京73民初1号",
        {"parties": [plaintiff("戊集团有限责任公司旧", uscc(6)), {"name": "己股份公司", "role": "defendant"}]},
    )
    linking.link_pending()
    assert list(ProceedingParty.objects.filter(proceeding=p).values_list("party_id", flat=True)) == [keep.pk, keep.pk]
    assert old.pk != keep.pk


def test_unmatched_parties_are_created_organisations_with_a_code_persons_never_matched_by_name():
    existing_person = make_party("张三", kind="person")
    p = case(
        "（2024）京73民初1号",
        {
            "parties": [
                plaintiff("庚新能源有限公司", uscc(7)),
                {"name": "张三", "role": "defendant"},
                {"name": "辛贸易商行", "role": "defendant"},
                {"name": "无效代码公司", "credit_code": "123", "role": "third_party"},
                {"name": "", "role": "defendant"},
                {"name": "某公司", "role": "judge"},
            ]
        },
    )
    counts = linking.link_pending()
    assert (counts["parties_matched"], counts["parties_created"], counts["unresolved"]) == (0, 4, 2)
    created = {pp.party.name: pp.party for pp in ProceedingParty.objects.filter(proceeding=p).select_related("party")}
    assert created["庚新能源有限公司"].kind == "organization" and created["庚新能源有限公司"].credit_code == uscc(7)
    assert created["张三"].kind == "person" and created["张三"].pk != existing_person.pk
    assert created["辛贸易商行"].kind == "organization"
    assert created["无效代码公司"].credit_code is None
    assert created["庚新能源有限公司"].source == "manual" and created["庚新能源有限公司"].agency_id == p.agency_id
    assert SearchEntry.objects.filter(doc_type="party", object_id=str(created["庚新能源有限公司"].pk)).exists()
    p.refresh_from_db()
    assert p.refs["unresolved"]["parties"] == [{"name": "", "role": "defendant"}, {"name": "某公司", "role": "judge"}]


def test_a_party_created_for_one_case_is_found_by_the_next_in_the_same_batch():
    first = case("（2024）京73民初1号", {"parties": [plaintiff("壬光电有限公司", uscc(8))]})
    second = case("（2024）京73民初2号", {"parties": [plaintiff("壬光电有限公司")]})
    counts = linking.link_pending()
    assert (counts["parties_created"], counts["parties_matched"]) == (1, 1)
    a = ProceedingParty.objects.get(proceeding=first).party_id
    assert ProceedingParty.objects.get(proceeding=second).party_id == a


# --- previous instance, reviewed decision ----------------------------------------------------------------
def test_an_appeal_is_chained_to_its_first_instance_with_the_court_of_the_routing_table():
    first = case("（2024）京73民初1号", filed=D(2024, 3, 1))
    appeal = case(
        "（2025）最高法知民终1号",
        {"previous": "(2024)京73民初1号", "relation": "appeal"},
        stage="second_instance",
        filed=D(2025, 2, 1),
    )
    counts = linking.link_pending()
    assert counts["previous"] == 1 and counts["unresolved"] == 0
    appeal.refresh_from_db()
    assert (appeal.previous_id, appeal.relation) == (first.pk, "appeal")
    assert appeal.expected_court_id == appellate_court(court("京73"), "invention_patent", D(2025, 2, 1)).court.pk
    assert "unresolved" not in appeal.refs


def test_a_trademark_appeal_from_the_ip_court_goes_to_the_high_court_and_the_relation_comes_from_the_stage():
    case("（2024）京73民初9号", cause="trademark_infringement")
    appeal = case("（2025）京民终3号", {"previous": "（2024）京73民初9号"}, cause="trademark_infringement", stage="second_instance", filed=D(2025, 1, 6))
    linking.link_pending()
    appeal.refresh_from_db()
    assert appeal.relation == "appeal" and appeal.expected_court.court_code == "京"


def test_a_previous_instance_arriving_after_its_appeal_is_linked_by_the_later_run():
    appeal = case("（2025）最高法知民终7号", {"previous": "（2024）京73民初7号", "relation": "appeal"}, stage="second_instance", filed=D(2025, 4, 1))
    counts = linking.link_pending()
    assert counts["previous"] == 0 and counts["unresolved"] == 1
    appeal.refresh_from_db()
    assert appeal.previous_id is None and appeal.relation == "appeal" and appeal.linked_at is not None
    assert appeal.refs["unresolved"] == {"previous": "（2024）京73民初7号"}
    first = case("（2024）京73民初7号")
    counts = linking.link_pending()
    assert counts["linked"] == 1 and counts["previous"] == 1
    appeal.refresh_from_db()
    assert appeal.previous_id == first.pk and "unresolved" not in appeal.refs
    assert appeal.expected_court.court_code == "最高法"
    assert Change.objects.filter(proceeding=appeal, what="linked").count() == 2


def test_the_reviewed_decision_of_an_administrative_suit_now_or_when_it_arrives():
    decision = office("4W112233")
    suit = case("（2024）京73行初1号", {"reviewed": " 4w112233 "}, cause="admin_patent_invalidation", kind="administrative", filed=D(2024, 8, 1))
    late = case("（2024）京73行初2号", {"reviewed": "４Ｗ９９９９９９"}, cause="admin_patent_invalidation", kind="administrative", filed=D(2024, 8, 1))
    counts = linking.link_pending()
    assert counts["reviewed"] == 1 and counts["unresolved"] == 1
    suit.refresh_from_db()
    late.refresh_from_db()
    assert suit.reviewed_id == decision.pk
    assert late.reviewed_id is None and late.refs["unresolved"] == {"reviewed": "4W999999"}
    arrived = office("4W999999")
    assert linking.link_pending()["reviewed"] == 1
    late.refresh_from_db()
    assert late.reviewed_id == arrived.pk and "unresolved" not in late.refs


# --- suggestions by party --------------------------------------------------------------------------------
def _suit_and_invalidation(party_a, party_b, *, share_right=False, office_filed=None):
    patent = make_patent(1)
    other = make_patent(2)
    suit = case(
        "（2024）京73民初1号",
        {
            "rights": [{"kind": "patent", "number": patent.number}],
            "parties": [plaintiff(*party_a), {**dict(zip(("name", "credit_code"), party_b, strict=True)), "role": "defendant"}],
        },
        filed=D(2024, 3, 1),
    )
    inval = office(
        "4W000001",
        {
            "rights": [{"kind": "patent", "number": (patent if share_right else other).number}],
            "parties": [{"name": party_b[0], "credit_code": party_b[1], "role": "requester"}, {"name": party_a[0], "credit_code": party_a[1], "role": "owner"}],
        },
        filed=office_filed or D(2024, 6, 1),
    )
    return suit, inval


def test_proceedings_of_the_other_track_sharing_parties_but_no_right_are_suggested_once():
    suit, inval = _suit_and_invalidation(("甲公司", uscc(1)), ("乙公司", uscc(2)))
    counts = linking.link_pending()
    assert counts["suggestions"] == 1
    link = Link.objects.get()
    assert (link.source_id, link.target_id, link.kind, link.status) == (suit.pk, inval.pk, "same_parties", "suggested")
    assert link.score == linking.score(2, True, (inval.filed_on - suit.filed_on).days) and 0 < link.score <= 100
    # linked again (the source sent a new version): no second suggestion
    Proceeding.objects.filter(pk__in=[suit.pk, inval.pk]).update(linked_at=None)
    assert linking.link_pending()["suggestions"] == 0
    assert Link.objects.count() == 1


def test_a_rejected_suggestion_is_not_suggested_again():
    suit, inval = _suit_and_invalidation(("甲公司", uscc(1)), ("乙公司", uscc(2)))
    linking.link_pending()
    Link.objects.update(status="rejected")
    Proceeding.objects.filter(pk=inval.pk).update(linked_at=None)
    assert linking.link_pending()["suggestions"] == 0
    assert list(Link.objects.values_list("status", flat=True)) == ["rejected"]


@pytest.mark.parametrize(
    "share_right, office_filed, expected",
    [
        (True, D(2024, 6, 1), 0),  # the shared right links them already
        (False, D(2027, 3, 1), 1),  # three years after, to the day
        (False, D(2027, 3, 2), 0),  # a day later
        (False, D(2021, 3, 1), 1),  # three years before
        (False, D(2021, 2, 28), 0),
    ],
)
def test_suggestions_need_no_shared_right_and_three_years_at_most(share_right, office_filed, expected):
    _suit_and_invalidation(("甲公司", uscc(1)), ("乙公司", uscc(2)), share_right=share_right, office_filed=office_filed)
    assert linking.link_pending()["suggestions"] == expected


def test_no_suggestion_on_the_same_track_nor_between_a_suit_and_the_decision_it_reviews():
    decision = office("4W000009", {"parties": [{"name": "甲公司", "credit_code": uscc(1), "role": "requester"}]})
    case("（2024）京73民初1号", {"parties": [plaintiff("甲公司", uscc(1))]})
    case("（2024）京73民初2号", {"parties": [plaintiff("甲公司", uscc(1))]})
    suit = case(
        "（2024）京73行初1号", {"reviewed": "4W000009", "parties": [plaintiff("甲公司", uscc(1))]}, cause="admin_patent_invalidation", kind="administrative"
    )
    linking.link_pending()
    pairs = set(Link.objects.values_list("source_id", "target_id"))
    assert (decision.pk, suit.pk) not in pairs
    assert all(Proceeding.objects.get(pk=s).track != Proceeding.objects.get(pk=t).track for s, t in pairs)
    assert len(pairs) == 2


def test_a_suggestion_goes_when_the_reviewed_decision_arrives_later():
    suit = case(
        "（2024）京73行初1号", {"reviewed": "4W000010", "parties": [plaintiff("甲公司", uscc(1))]}, cause="admin_patent_invalidation", kind="administrative"
    )
    linking.link_pending()
    decision = office("4W000010", {"parties": [{"name": "甲公司", "credit_code": uscc(1), "role": "requester"}]})
    linking.link_pending()
    suit.refresh_from_db()
    assert suit.reviewed_id == decision.pk
    assert not Link.objects.exists()


def test_the_best_suggestions_are_kept(monkeypatch):
    monkeypatch.setattr(linking, "MAX_SUGGESTIONS", 2)
    for i, day in enumerate([D(2024, 1, 1), D(2024, 3, 1), D(2022, 1, 1)], start=1):
        office(f"4W00010{i}", {"parties": [{"name": "甲公司", "credit_code": uscc(1), "role": "requester"}]}, filed=day)
    suit = case("（2024）京73民初1号", {"parties": [plaintiff("甲公司", uscc(1))]}, filed=D(2024, 3, 1))
    assert linking.link_pending()["suggestions"] == 2
    assert list(Link.objects.order_by("-score").values_list("source__number", "target_id")) == [("4W000102", suit.pk), ("4W000101", suit.pk)]


def test_a_frequent_litigant_alone_finds_no_suggestion_but_counts_as_a_shared_party(monkeypatch):
    monkeypatch.setattr(linking, "HUB_LIMIT", 2)
    hub, rare = ("大专利集团有限公司", uscc(50)), ("小企业有限公司", uscc(51))
    for i in range(3):
        office(f"4W00020{i}", {"parties": [{"name": hub[0], "credit_code": hub[1], "role": "owner"}]})
    with_both = office(
        "4W000210", {"parties": [{"name": hub[0], "credit_code": hub[1], "role": "owner"}, {"name": rare[0], "credit_code": rare[1], "role": "requester"}]}
    )
    linking.link_pending()
    alone = case("（2024）京73民初1号", {"parties": [plaintiff(*hub)]})
    both = case("（2024）京73民初2号", {"parties": [plaintiff(*hub), {"name": rare[0], "credit_code": rare[1], "role": "defendant"}]})
    assert linking.link_pending()["suggestions"] == 1
    link = Link.objects.get()
    assert (link.source_id, link.target_id) == (with_both.pk, both.pk) and link.target_id != alone.pk
    assert link.score == linking.score(2, True, (with_both.filed_on - both.filed_on).days)


# --- the engine's own paths -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    [
        "甲科技有限公司",
        "北京甲科技有限责任公司",
        "甲（北京）科技股份有限公司",
        "甲 (上海) 股份有限公司",
        "甲　乙有限责任公司",
        "臺灣積體電路製造股份有限公司",  # traditional: through normalize_name
        "ＡＢＣ科技有限公司",
        "Acme Co., Ltd.",
        "有限责任公司",
        "张三",
        "（）",
        "甲·乙有限公司",
    ],
)
def test_the_direct_path_for_han_names_gives_the_keys_of_normalize_name(name):
    assert linking._normalize(name) == normalize_name(name)


def test_parties_created_in_bulk_take_ids_above_any_used_and_are_indexed_for_search():
    gone = make_party("旧公司", uscc(70))
    gone_id = gone.pk
    gone.delete()  # the highest id so far: never given again
    p = case("（2024）京73民初1号", {"parties": [plaintiff("新甲有限公司"), {"name": "新乙有限公司", "credit_code": uscc(71), "role": "defendant"}]})
    assert linking.link_pending()["parties_created"] == 2
    created = [pp.party for pp in ProceedingParty.objects.filter(proceeding=p).select_related("party").order_by("order")]
    assert [c.name for c in created] == ["新甲有限公司", "新乙有限公司"]
    assert all(c.pk > gone_id for c in created) and created[0].pk < created[1].pk
    assert created[1].credit_code == uscc(71) and created[0].normalized_name == normalize_name("新甲有限公司")
    assert created[0].created_at is not None and created[0].source == p.source and created[0].agency_id == p.agency_id
    assert set(SearchEntry.objects.filter(doc_type="party").values_list("object_id", flat=True)) == {str(c.pk) for c in created}
    # the next party the ORM creates follows them
    assert make_party("再一家有限公司").pk > created[1].pk


# --- bulk == per case ------------------------------------------------------------------------------------
N = 120  # proceedings, in two waves


def _register():
    for i in range(1, 16):
        make_patent(i)
    companies = [make_party(f"{name}科技有限公司", uscc(100 + i) if i % 2 else None) for i, name in enumerate("甲乙丙丁戊己庚辛壬癸")]
    make_party("子科技有限公司", uscc(999), merged_into=companies[1])
    return [(c.name, c.credit_code or "") for c in companies] + [
        ("子科技有限公司", uscc(999)),
        ("新公司一", ""),
        ("新公司二", uscc(501)),
        ("新公司二", ""),
        ("李四", ""),
        ("王五", ""),
    ]


def _generate(rng, names, start, stop):
    """Proceedings ``start``..``stop`` of both tracks whose refs name known and unknown rights and
    parties, previous instances (earlier, later in the batch, in the next wave, never) and reviewed
    decisions (known, arriving later, never)."""
    numbers = [f"（2024）京73民初{i}号" for i in range(1, N + 20)]
    offices = [f"4W{i:06d}" for i in range(N + 20)]
    for i in range(start, stop):
        rights = [{"kind": "patent", "number": patent_number(rng.randrange(1, 20)), "claims": rng.sample(range(1, 9), 2)} for _ in range(rng.randrange(0, 3))]
        roles = ["plaintiff", "defendant", "requester", "owner"]
        parties = [dict(zip(("name", "credit_code"), rng.choice(names), strict=True), role=rng.choice(roles)) for _ in range(rng.randrange(1, 4))]
        filed = D(2023, 1, 1) + datetime.timedelta(days=rng.randrange(0, 1500))
        if i % 3 == 2:
            office(offices[i], {"rights": rights, "parties": parties}, filed=filed)
        elif i % 3 == 1:
            refs = {"rights": rights, "parties": parties, "previous": rng.choice(numbers), "relation": "appeal"}
            case(f"（2025）最高法知民终{i}号", refs, stage="second_instance", filed=filed)
        elif rng.random() < 0.3:
            refs = {"rights": rights, "parties": parties, "reviewed": rng.choice(offices)}
            case(f"（2024）京73行初{i}号", refs, cause="admin_patent_invalidation", kind="administrative", filed=filed)
        else:
            case(numbers[i], {"rights": rights, "parties": parties}, filed=filed)


def _fingerprint(last_party):
    def party_key(party):  # ids differ between the two runs: the register's parties by name
        return (party.name, party.credit_code or "", party.kind, party.pk > last_party)

    by_pk = {p.pk: p.number for p in Proceeding.objects.all()}
    result = {}
    for p in Proceeding.objects.all():
        result[p.number] = {
            "previous": by_pk.get(p.previous_id),
            "relation": p.relation,
            "time_limit_rule": p.time_limit_rule,
            "expected_court": p.expected_court_id,
            "reviewed": by_pk.get(p.reviewed_id),
            "refs": p.refs,
            "linked": p.linked_at is not None,
            "parties": sorted(
                (party_key(pp.party), pp.role, pp.order, pp.track, pp.filed_on) for pp in ProceedingParty.objects.filter(proceeding=p).select_related("party")
            ),
            "rights": sorted((pr.right.number, tuple(pr.claims)) for pr in ProceedingRight.objects.filter(proceeding=p).select_related("right")),
            "awaited": sorted((a.kind, a.number, tuple(a.claims)) for a in AwaitedRight.objects.filter(proceeding=p)),
            "changes": Change.objects.filter(proceeding=p).count(),
        }
    links = sorted((by_pk[link.source_id], by_pk[link.target_id], link.kind, link.status, link.score) for link in Link.objects.all())
    created = sorted((p.name, p.credit_code or "", p.kind) for p in Party.objects.filter(pk__gt=last_party))
    return result, links, created


def _wipe():
    Proceeding.objects.update(previous=None, reviewed=None)
    Proceeding.objects.all().delete()
    Party.objects.update(merged_into=None)
    Party.objects.all().delete()
    Right.objects.all().delete()


def _run(link):
    rng = random.Random(7)
    names = _register()
    last_party = Party.objects.order_by("-pk").values_list("pk", flat=True).first()
    counts = linking.Counts()
    for start, stop in ((0, N // 2), (N // 2, N)):
        _generate(rng, names, start, stop)
        counts.add(linking.Counts(**link()))
    return counts.as_dict(), _fingerprint(last_party)


def _per_case():
    counts = linking.Counts()
    for p in Proceeding.objects.filter(linked_at__isnull=True).order_by("pk"):
        counts.add(linking.Counts(**linking.link_one(p)))
    fixed = linking.resolve_waiting()  # the same final pass as link_pending's
    counts.previous += fixed["previous"]
    counts.reviewed += fixed["reviewed"]
    counts.unresolved -= fixed["previous"] + fixed["reviewed"]
    return counts.as_dict()


@pytest.mark.parametrize("batch_size", [7, 25, 1000])
def test_the_bulk_engine_and_the_per_case_loop_give_the_same_result(monkeypatch, batch_size):
    """Small batches: parties cross the frequent-litigant limit within a batch and across batches
    (a frequent litigant stays one for the rest of the run); one batch: everything at once."""
    monkeypatch.setattr(linking, "HUB_LIMIT", 8)  # some parties become frequent litigants midway
    bulk_counts, bulk = _run(lambda: linking.link_pending(batch_size=batch_size))
    _wipe()
    loop_counts, loop = _run(_per_case)
    assert bulk_counts == loop_counts
    assert bulk == loop
    assert bulk_counts["linked"] == N and bulk_counts["unresolved"] > 0
    assert min(bulk_counts["suggestions"], bulk_counts["previous"], bulk_counts["reviewed"], bulk_counts["parties_created"]) > 0
    waited = [r for r in bulk[0].values() if r["changes"] == 2]  # linked, then fixed up when their reference arrived
    assert waited


# --- query count -----------------------------------------------------------------------------------------
def _queries(n, offset):
    rng = random.Random(n)
    names = [(f"企业{offset + i}有限公司", uscc(offset + i) if i % 2 else "") for i in range(n)]
    known = make_party(*names[1])  # in a proceeding linked before: a candidate outside the batch
    earlier = case(f"（2023）京73民初{offset}号", filed=D(2024, 1, 1))
    Proceeding.objects.filter(pk=earlier.pk).update(linked_at=datetime.datetime(2024, 1, 2, tzinfo=datetime.UTC))
    ProceedingParty.objects.create(proceeding=earlier, party=known, role="plaintiff")
    for i in range(n):
        first = names[1] if i == 0 else rng.choice(names)
        parties = [dict(zip(("name", "credit_code"), first, strict=True), role="plaintiff"), {"name": f"个人{i}", "role": "defendant"}]
        rights = [{"kind": "patent", "number": patent_number(1 + i % 10), "claims": [1]}, {"kind": "patent", "number": patent_number(500 + i)}]
        if i % 2:
            refs = {"rights": rights, "parties": parties, "previous": f"（2024）京73民初{offset + i - 1}号", "relation": "appeal"}
            case(f"（2025）最高法知民终{offset + i}号", refs, stage="second_instance", filed=D(2025, 1, 1) + datetime.timedelta(days=i))
        elif i % 4 == 0:
            office(f"4W{offset + i:06d}", {"rights": rights, "parties": parties})
        else:
            case(f"（2024）京73民初{offset + i}号", {"rights": rights, "parties": parties, "reviewed": f"4W{offset + i - 2:06d}"})
    with CaptureQueriesContext(connection) as ctx:
        counts = linking.link_pending(batch_size=n)
    assert counts["linked"] == n and counts["previous"] and counts["suggestions"] and counts["reviewed"]
    sql = [q["sql"].lstrip().split(None, 1)[0].upper() for q in ctx.captured_queries]
    return len(sql), sum(1 for verb in sql if verb == "SELECT")


def test_a_batch_is_linked_in_a_fixed_number_of_queries_whatever_its_size():
    for i in range(1, 11):
        make_patent(i)
    small, small_reads = _queries(20, 10_000)
    large, large_reads = _queries(200, 20_000)
    assert large_reads == small_reads
    # Bulk inserts are split only by the engine's limit on parameters (SQLite: 999 a statement,
    # about 60 new parties an INSERT); everything else is one statement per batch (or per track
    # of the candidates, per column updated).
    assert large <= 58 and small <= 58


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_run_outside_a_transaction_writes_only_valid_keys_and_checks_them_again_afterwards():
    """On SQLite a run of its own (the task worker's) writes with the foreign-key checks off: what
    it wrote must still satisfy every key, and the checks are on again after it."""
    make_patent(1)
    make_party("恒远科技有限公司", uscc(1))
    earlier = office("4W000001", {"rights": [{"kind": "patent", "number": patent_number(1)}], "parties": [{"name": "恒远科技有限公司", "role": "owner"}]})
    linking.link_pending()
    case(
        "（2024）京73民初1号",
        {
            "rights": [{"kind": "patent", "number": patent_number(1), "claims": [1]}, {"kind": "patent", "number": patent_number(2)}],
            "parties": [{"name": "恒远科技有限公司", "credit_code": uscc(1), "role": "plaintiff"}, {"name": "新到贸易有限公司", "role": "defendant"}],
            "reviewed": "4W000001",
        },
        kind="administrative",
        cause="admin_patent_invalidation",
    )
    assert not connection.in_atomic_block
    counts = linking.link_pending()
    assert counts["linked"] == 1 and counts["rights"] == 1 and counts["parties_matched"] == 1 and counts["parties_created"] == 1 and counts["reviewed"] == 1
    assert Proceeding.objects.filter(linked_at__isnull=True).count() == 0
    assert Proceeding.objects.get(number="（2024）京73民初1号").reviewed == earlier
    assert AwaitedRight.objects.count() == 1
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert cursor.execute("PRAGMA foreign_key_check").fetchall() == []
    else:
        connection.check_constraints()
