"""Shared setup of the comment-round and standards-feedback tests: court A drafts, the IP office
(and court B) are invited; each agency has a liaison."""

import datetime
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import make_user
from ipcollab.consultation import rounds

D = datetime.date
# "today" in these tests (import the fixture into each module); `on(day)` moves the clock.
TODAY = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def fixed_today():
    with time_machine.travel(TODAY, tick=True):
        yield


@contextmanager
def on(day, hour=10):
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        yield


DRAFT = """关于审理专利授权确权行政案件的规定（征求意见稿）
第一章 一般规定
第一条 为正确审理专利授权确权行政案件，制定本规定。
第二条 本规定所称专利授权确权行政案件，是指当事人不服国务院专利行政部门作出的复审、无效宣告请求审查决定而提起诉讼的案件。
第二章 权利要求的解释
第三条 人民法院应当以所属技术领域的技术人员的通常理解界定权利要求的用语。
依照第一条的规定，说明书可以用于解释权利要求。
第十二条之一 本规定自发布之日起施行。"""


@pytest.fixture(name="people")
def people_fixture(world):
    world.liaison_office = make_user("t_liaison_office", world.office, ["liaison"], full_name="钱联络")
    world.liaison_b = make_user("t_liaison_b", world.court_b, ["liaison"], full_name="孙联络")
    world.signer_a = make_user("t_signer_a", world.court_a, ["signer"], full_name="甲签发人")
    return world


def open_round_of_court_a(world, *, deadline=None, opened_on=None, invitees=None, text=DRAFT, **kwargs):
    deadline = deadline or D(2026, 12, 10)
    opened_on = opened_on or D(2026, 11, 20)
    return rounds.open_round(
        actor=world.liaison_a,
        title="关于审理专利授权确权行政案件的规定",
        draft_kind="judicial_interpretation",
        deadline=deadline,
        opened_on=opened_on,
        invitees=invitees if invitees is not None else [world.office, world.court_b],
        articles=text,
        description="请重点研究第三条。",
        **kwargs,
    )
