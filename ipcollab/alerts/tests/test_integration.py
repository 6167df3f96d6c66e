"""Alerts with the proceedings services themselves (their signals, in their transactions)."""

import datetime

from ipcollab.alerts import alerting, services
from ipcollab.alerts.models import Follow, WatchMatch
from ipcollab.proceedings import services as proceedings
from ipcollab.proceedings.tests.conftest import bench, invalidation, suit  # noqa: F401  (fixture)

from .conftest import notes

D = datetime.date


def test_a_dossier_followed_from_invalidation_to_appeal(bench):  # noqa: F811
    watcher = bench.high_judge
    services.follow(actor=watcher, right=bench.um, events=["new_proceeding", "decision"], note="恒远夹持装置")
    requests = services.watch_create(actor=bench.examiner2, data={"name": "恒远专利的新无效请求", "kind": "patent_invalidation", "party": bench.owner.pk})
    in_court = services.watch_create(actor=bench.judge2, data={"name": "本院涉无效专利的新案", "track": "court", "my_court": True, "under_invalidation": True})

    inv = invalidation(bench)
    assert [n.code for n in notes(watcher)] == ["alerts.new_proceeding"]
    assert list(WatchMatch.objects.filter(watch=requests).values_list("proceeding_id", flat=True)) == [inv.pk]

    case = suit(bench)
    assert list(WatchMatch.objects.filter(watch=in_court).values_list("proceeding_id", flat=True)) == [case.pk]
    assert [n.code for n in notes(bench.judge2)] == ["alerts.watch"]

    proceedings.decide(
        actor=bench.examiner, proceeding=inv, result="partly_invalid", decided_on=D(2026, 9, 30), decision_number="第581234号", surviving_claims=[4, 5]
    )
    decision = notes(watcher, "alerts.decision")
    assert len(decision) == 1 and inv.number in decision[0].title and "恒远夹持装置" in decision[0].body

    services.follow(actor=watcher, proceeding=case, events=["appeal", "stay"])
    proceedings.close_case(actor=bench.judge, case=case, result="claims_supported", closed_on=D(2026, 10, 20))
    appeal = proceedings.file_case(
        actor=bench.spc_judge,
        number="（2026）最高法知民终31号",
        cause="patent_infringement_utility_model",
        filed_on=D(2026, 11, 2),
        parties=[{"party": bench.rival, "role": "appellant"}, {"party": bench.owner, "role": "appellee"}],
        rights=[{"right": bench.um, "claims": [4]}],
        previous=case,
        judge=bench.spc_judge,
    )
    auto = Follow.objects.get(user=watcher, proceeding=appeal)
    assert auto.automatic and auto.events == ["appeal", "stay"]
    assert len(notes(watcher, "alerts.appeal")) == 1  # the services' `appeal` event on the first instance adds none
    assert len(notes(watcher, "alerts.new_proceeding")) == 2  # the invalidation and the suit: the appeal alerted once, as an appeal

    proceedings.record_stay(actor=bench.spc_judge, case=appeal, started_on=D(2026, 11, 10), reason="等待无效宣告请求审查决定的行政诉讼")
    [stay] = notes(watcher, "alerts.stay")
    assert appeal.number in stay.title and stay.link == f"/proceedings/{appeal.pk}/"
    assert notes(bench.spc_judge, "alerts.stay") == []
    assert alerting.catch_up() == 0
