"""Realistic patents and trademarks from a seed, at any size, streamed (constant memory).

Pure Python (no Django, no database). :func:`patents` and :func:`trademarks` are generators of
JSON-ready dicts (dates as ISO strings), deterministic for a seed: the demo loads a few thousand,
the benchmarks millions (``bench/generate_rights.py`` writes them as JSONL). Every record's
``status`` is what :func:`ipcollab.registry.status.replay` computes from its ``events``, with the
windows in :data:`WINDOWS`; numbers and credit codes carry correct check characters.

Numbers are unique within one call: a patent's 7-digit serial and a trademark's number are
affine permutations of the record's index, so one call yields at most :data:`MAX_RECORDS`
records of each kind.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone

from ipcollab.identifiers import format_patent_number, organization_code_check_character, patent_check_character, uscc_check_character

from . import status as st

MAX_RECORDS = 10_000_000
SOURCE = "cnipa"
# The windows this generator's timelines respect (restoration: 2 months from the lapse notice,
# with a margin; trademark renewal: 12 months before the term ends, 6 months' grace).
WINDOWS = st.Windows(restoration_months=4, renewal_before_months=12, renewal_grace_months=6)
DESIGN_15_YEARS_FROM = date(2021, 6, 1)  # Patent Law 2020 amendment, in force 2021-06-01
TERM_YEARS = {"invention": 20, "utility_model": 10}
TZ = timezone(timedelta(hours=8))

# --- vocabularies ---------------------------------------------------------------------------------
# City prefix → GB/T 2260 codes of registering authorities (districts) in it.
CITIES = (
    ("深圳市", ("440300", "440305", "440306")),
    ("北京", ("110108", "110105")),
    ("上海", ("310115", "310104")),
    ("杭州", ("330106", "330108")),
    ("苏州", ("320505",)),
    ("南京", ("320106",)),
    ("成都", ("510107",)),
    ("武汉", ("420111",)),
    ("青岛", ("370212",)),
    ("广州", ("440106", "440113")),
    ("厦门", ("350203",)),
    ("天津", ("120116",)),
    ("合肥", ("340104",)),
    ("长沙", ("430104",)),
    ("郑州", ("410105",)),
    ("大连", ("210211",)),
    ("哈尔滨", ("230103",)),
    ("石家庄", ("130104",)),
)
CITY_WEIGHTS = (18, 14, 12, 9, 7, 5, 5, 4, 4, 6, 3, 3, 3, 2, 2, 1, 1, 1)
UNIVERSITIES = (
    ("清华大学", "110108"),
    ("北京大学", "110108"),
    ("浙江大学", "330106"),
    ("上海交通大学", "310104"),
    ("复旦大学", "310110"),
    ("华中科技大学", "420111"),
    ("哈尔滨工业大学", "230103"),
    ("西安交通大学", "610103"),
    ("中南大学", "430104"),
    ("东南大学", "320102"),
    ("电子科技大学", "510107"),
    ("华南理工大学", "440106"),
    ("天津大学", "120104"),
    ("山东大学", "370102"),
    ("四川大学", "510107"),
)
FIRM_WORDS = "华 创 新 鑫 达 盛 通 联 科 智 云 天 宇 恒 瑞 海 博 信 远 启 凯 晟 威 锐 睿 方 正 德 航 星 光 源 泰 和 汇 嘉 润 中 兴 力".split()
FIRM_SECTORS = (
    "科技",
    "电子",
    "智能科技",
    "信息技术",
    "生物科技",
    "新能源",
    "精密机械",
    "光电",
    "医疗器械",
    "材料科技",
    "网络科技",
    "汽车零部件",
    "电气",
    "环保科技",
)
FIRM_FORMS = ("有限公司", "股份有限公司", "有限公司", "有限公司")
SURNAMES = "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 萧 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈".split()
GIVEN = "伟 芳 娜 秀 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 兰 霞 平 刚 桂 文 辉 鹏 华 红 建 飞 宇 浩 凯 晨 欣 怡 婷 雪 琳 博 思 子 梓 涵 轩 泽 睿 一 嘉 俊".split()
# Technical fields: IPC groups that fit the titles built from the field's objects.
FIELDS = (
    (
        ("G06F 16/00", "G06F 16/245", "G06F 9/50", "G06N 3/08", "G06Q 10/06"),
        ("数据", "文本", "图像", "任务", "日志"),
        ("检索", "处理", "调度", "分类", "存储"),
        ("方法", "装置", "系统", "设备"),
        14,
    ),
    (
        ("H04L 9/32", "H04L 67/10", "H04W 72/04", "H04W 24/02"),
        ("通信", "数据传输", "信道", "网络切片", "身份认证"),
        ("加密", "传输", "配置", "资源分配", "认证"),
        ("方法", "装置", "系统"),
        12,
    ),
    (("A61K 31/00", "A61K 9/20", "A61P 35/00", "A61K 36/00"), ("药物组合物", "缓释片", "中药提取物", "化合物"), ("制备", "纯化", "提取"), ("方法",), 7),
    (("C07D 401/04", "C08L 23/06", "C08K 3/04", "C01B 32/05"), ("聚合物", "复合材料", "催化剂", "石墨烯材料", "涂料"), ("制备", "改性", "合成"), ("方法",), 6),
    (
        ("H01M 10/0525", "H01M 4/36", "H02J 7/00", "H02M 3/335"),
        ("锂离子电池", "正极材料", "充电电路", "电源模块", "储能电池"),
        ("管理", "控制", "均衡", "制备"),
        ("方法", "装置", "电路"),
        9,
    ),
    (
        ("B65G 47/90", "B23K 37/04", "B25J 9/16", "F16H 57/02", "B23Q 3/06"),
        ("工件", "物料", "机械臂", "齿轮箱", "夹具"),
        ("输送", "夹持", "定位", "打磨", "装配"),
        ("装置", "机构", "设备"),
        16,
    ),
    (
        ("F24F 11/00", "F25D 11/00", "A47J 27/00", "D06F 39/00"),
        ("空调", "冰箱", "电饭煲", "洗衣机", "净化器"),
        ("控制", "除湿", "加热", "清洁"),
        ("方法", "装置", "结构"),
        9,
    ),
    (
        ("G01N 33/50", "G01B 11/00", "G01R 31/00", "G01S 17/00"),
        ("样品", "尺寸", "电缆", "距离", "缺陷"),
        ("检测", "测量", "分析", "识别"),
        ("方法", "装置", "系统"),
        10,
    ),
    (
        ("B60L 53/00", "B62D 65/02", "B60R 16/02", "F02M 35/10"),
        ("车辆", "充电桩", "车身", "线束", "进气歧管"),
        ("充电", "装配", "固定", "冷却"),
        ("方法", "装置", "结构"),
        8,
    ),
    (
        ("A01G 9/02", "A01K 61/00", "A23L 33/00", "A01B 49/04"),
        ("育苗", "水产养殖", "食品", "土壤"),
        ("种植", "养殖", "加工", "改良"),
        ("方法", "装置", "系统"),
        5,
    ),
    (
        ("E04B 1/38", "E04G 21/14", "E21D 11/10", "E01D 19/00"),
        ("建筑", "预制构件", "隧道", "桥梁"),
        ("连接", "施工", "支护", "加固"),
        ("方法", "结构", "装置"),
        6,
    ),
)
FIELD_WEIGHTS = tuple(f[4] for f in FIELDS)
QUALIFIERS = ("", "", "", "高效", "智能", "便携式", "自动", "多功能", "基于深度学习的", "基于区块链的", "低功耗", "可调节")
# Designs: product name → Locarno class-subclass.
DESIGNS = (
    ("手机壳", "14-03"),
    ("手机", "14-03"),
    ("灯具", "26-05"),
    ("吊灯", "26-05"),
    ("台灯", "26-05"),
    ("座椅", "06-01"),
    ("沙发", "06-01"),
    ("包装盒", "09-03"),
    ("饮料瓶", "09-01"),
    ("汽车", "12-08"),
    ("电动自行车", "12-11"),
    ("耳机", "14-01"),
    ("笔记本电脑", "14-02"),
    ("电饭煲", "07-02"),
    ("水杯", "07-01"),
    ("背包", "03-01"),
    ("运动鞋", "02-04"),
    ("玩具", "21-01"),
    ("图形用户界面", "14-04"),
)
DESIGN_SUFFIXES = ("", "", "（一）", "（二）", "（A款）", "（带图形用户界面）", "（卡通款）")
# Nice class → number of 类似群 in it (approximately the 区分表's).
NICE_GROUPS = {
    1: 15, 2: 7, 3: 9, 4: 6, 5: 14, 6: 20, 7: 34, 8: 10, 9: 21, 10: 9, 11: 13, 12: 13, 13: 4, 14: 4, 15: 2,
    16: 12, 17: 5, 18: 6, 19: 12, 20: 15, 21: 15, 22: 7, 23: 3, 24: 6, 25: 13, 26: 10, 27: 4, 28: 11, 29: 13, 30: 19,
    31: 7, 32: 3, 33: 2, 34: 6, 35: 8, 36: 9, 37: 21, 38: 2, 39: 13, 40: 16, 41: 8, 42: 20, 43: 6, 44: 8, 45: 6,
}  # fmt: skip
POPULAR_CLASSES = (9, 35, 25, 30, 43, 42, 29, 3, 5, 41, 11, 20, 21, 32, 33, 16, 28, 18, 10, 7)
BRAND_CHARS = "华 星 美 达 康 源 优 品 鑫 盛 悦 飞 龙 宝 乐 佳 汇 家 小 米 云 青 禾 味 道 易 安 和 金 尚 雅 御 初 元 麦 茶 喜 福 酷 柠".split()
LATIN_ONSETS = ("B", "D", "K", "L", "M", "N", "R", "S", "T", "V", "Z", "X", "Qu", "Br", "Cl", "Fl")
LATIN_NUCLEI = ("a", "e", "i", "o", "u", "ao", "ei", "ia")
FOREIGN_OWNERS = ("Lumora GmbH", "Kestrel Foods S.A.", "Orbis Pharma AG", "Nordvik AB", "Maison Clairet SAS", "Hanami Co., Ltd.", "Valtura S.p.A.")
# Trademark numbers roughly track filing years: (first number, year) milestones, interpolated.
TM_NUMBER_YEARS = (
    (1, 1983),
    (1_000_000, 1996),
    (4_000_000, 2004),
    (9_000_000, 2010),
    (17_000_000, 2015),
    (30_000_000, 2018),
    (45_000_000, 2020),
    (60_000_000, 2022),
    (80_000_000, 2025),
    (100_000_000, 2026),
)

_A_PATENT = 3_162_277  # coprime with 10**7
_A_TRADEMARK = 61_803_399  # coprime with 99_999_999
_TM_MODULUS = 99_999_999


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _check_size(n: int) -> None:
    if not 0 <= n <= MAX_RECORDS:
        raise ValueError(f"n must be between 0 and {MAX_RECORDS}")


# --- parties ---------------------------------------------------------------------------------------
def credit_code(rng: random.Random, region: str, *, department: str = "9", category: str = "1", modern: bool = True) -> str:
    """A credit code with correct embedded and final check characters (organisation code ``MA…``
    for registrations after 2015, eight digits before)."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    if modern:
        body = "MA" + "".join(rng.choice(alphabet) for _ in range(6))
    else:
        body = str(rng.randint(10_000_000, 79_999_999))
    first17 = department + category + region + body + organization_code_check_character(body)
    return first17 + uscc_check_character(first17)


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def company(rng: random.Random, founded: int) -> dict:
    city, regions = rng.choices(CITIES, CITY_WEIGHTS)[0]
    region = rng.choice(regions)
    words = "".join(rng.sample(FIRM_WORDS, 2))
    name = f"{city}{words}{rng.choice(FIRM_SECTORS)}{rng.choice(FIRM_FORMS)}"
    return {"kind": "organization", "name": name, "credit_code": credit_code(rng, region, modern=founded >= 2016), "region": region}


def university(rng: random.Random) -> dict:
    name, region = rng.choice(UNIVERSITIES)
    # Public institutions: department 1 (机构编制), category 2 (事业单位). Deterministic per name.
    code = credit_code(random.Random(name), region, department="1", category="2", modern=False)
    return {"kind": "organization", "name": name, "credit_code": code, "region": region}


def person(rng: random.Random) -> dict:
    return {"kind": "person", "name": person_name(rng), "credit_code": None, "region": None}


def party(rng: random.Random, founded: int) -> dict:
    roll = rng.random()
    if roll < 0.72:
        return company(rng, founded)
    if roll < 0.87:
        return university(rng)
    return person(rng)


# --- dates -----------------------------------------------------------------------------------------
def _received_at(rng: random.Random, day: date) -> str:
    moment = datetime.combine(day, time(rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)), TZ)
    return moment.isoformat()


class _Timeline:
    """Collects events in order, dropping those after ``as_of``; replays them to a state."""

    def __init__(self, kind: str, as_of: date):
        self.kind, self.as_of = kind, as_of
        self.events: list[st.Event] = []
        self.state = st.RightState(kind=kind)

    def add(self, type_: str, day: date, outcome: str | None = None, **data: object) -> bool:
        if day > self.as_of:
            return False
        sequence = 1 + (self.events[-1].sequence if self.events and self.events[-1].date == day else 0)
        if self.events and day < self.events[-1].date:
            day = self.events[-1].date
            sequence = self.events[-1].sequence + 1
        event = st.Event(type=type_, date=day, sequence=sequence, outcome=outcome, data=data)
        if st.check(event, self.state, WINDOWS) is not None:
            return False
        self.state = st.apply(self.state, event, WINDOWS)
        self.events.append(event)
        return True

    @property
    def last(self) -> date:
        return self.events[-1].date


def _post_grant(rng: random.Random, tl: _Timeline, start: date, end: date, owner: str, new_owner) -> None:
    """Transactions during the life of a granted right: transfers, licences, pledges, freezes,
    changes of name and invalidation requests, in date order between ``start`` and ``end``."""
    day = start
    while True:
        day += timedelta(days=int(rng.expovariate(1 / 900)) + 30)
        if day >= end or day > tl.as_of:
            break
        roll = rng.random()
        if roll < 0.22:
            owner = new_owner()
            tl.add(st.TRANSFERRED, day, owner=owner)
        elif roll < 0.42:
            tl.add(st.LICENCE_FILED, day)
        elif roll < 0.6:
            if tl.add(st.PLEDGE_RECORDED, day):
                release = day + timedelta(days=rng.randint(300, 1100))
                if release < end:
                    tl.add(st.PLEDGE_RELEASED, release)
                    day = max(day, min(release, tl.as_of))
        elif roll < 0.67:
            if tl.add(st.FROZEN, day):
                release = day + timedelta(days=rng.randint(90, 540))
                if release < end:
                    tl.add(st.UNFROZEN, release)
                    day = max(day, min(release, tl.as_of))
        elif roll < 0.75:
            owner = new_owner()
            tl.add(st.CHANGE_OF_NAME, day, owner=owner)
        elif roll < 0.83:
            if tl.add(st.INVALIDATION_REQUESTED, day):
                decided = day + timedelta(days=rng.randint(120, 400))
                outcome = rng.choices(st.INVALIDATION_DECISIONS, (25, 30, 45))[0]
                if tl.add(st.INVALIDATION_DECIDED, decided, outcome):
                    day = decided
                    if outcome == st.ALL_INVALID:
                        break
        else:
            continue


# --- patents ---------------------------------------------------------------------------------------
def _patent_title(rng: random.Random, kind: str) -> tuple[str, list[str], str | None]:
    if kind == "design":
        product, locarno = rng.choice(DESIGNS)
        return product + rng.choice(DESIGN_SUFFIXES), [], locarno
    ipcs, objects, actions, forms, _ = rng.choices(FIELDS, FIELD_WEIGHTS)[0]
    obj, action = rng.choice(objects), rng.choice(actions)
    form = rng.choice(forms) if kind == "invention" else rng.choice([f for f in forms if f != "方法"] or ["装置"])
    qualifier = rng.choice(QUALIFIERS)
    if qualifier.startswith("基于"):
        title = f"{qualifier}{obj}{action}{form}"
    else:
        title = f"一种{qualifier}{obj}{action}{form}" if rng.random() < 0.8 else f"一种{qualifier}{obj}的{action}{form}"
    if kind == "invention" and form != "方法" and rng.random() < 0.3:
        title = title.replace(form, f"{action}方法及{form}", 1) if not title.endswith("方法") else title
    chosen = rng.sample(ipcs, rng.choice((1, 1, 2, 3)))
    return title, chosen, None


def _patent_year(rng: random.Random, start_year: int, end_year: int) -> int:
    years = range(start_year, end_year + 1)
    # Filings grew about 12% a year over the period.
    return rng.choices(years, [1.12 ** (y - start_year) for y in years])[0]


def patents(seed: int, n: int, start_year: int = 2005, end_year: int = 2025, *, as_of: date | None = None) -> Iterator[dict]:
    """``n`` patent records filed ``start_year``–``end_year``; events after ``as_of`` (default: the
    end of ``end_year``) have not happened yet."""
    _check_size(n)
    if not 2004 <= start_year <= end_year:  # the 12-digit format from 2003-10-01: whole years from 2004
        raise ValueError("start_year must be ≥ 2004 and ≤ end_year")
    as_of = as_of or date(end_year, 12, 31)
    rng = random.Random(f"patents:{seed}")
    offset = rng.randrange(10**7)
    for index in range(n):
        yield _patent(rng, index, offset, start_year, end_year, as_of)


def _patent(rng: random.Random, index: int, offset: int, start_year: int, end_year: int, as_of: date) -> dict:
    year = _patent_year(rng, start_year, end_year)
    digit = rng.choices("12389", (44, 39, 15, 1.5, 0.5))[0]
    kind = {"1": "invention", "8": "invention", "2": "utility_model", "9": "utility_model", "3": "design"}[digit]
    serial = (index * _A_PATENT + offset) % 10**7
    body = f"{year}{digit}{serial:07d}"
    number = format_patent_number(f"{body}.{patent_check_character(body)}")
    filed = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    if filed > as_of:
        filed = as_of
    title, ipc, locarno = _patent_title(rng, kind)
    applicants = [party(rng, year) for _ in range(rng.choices((1, 2, 3), (80, 16, 4))[0])]
    inventors = [person_name(rng) for _ in range(0 if kind == "design" and rng.random() < 0.3 else rng.randint(1, 6))] or [person_name(rng)]

    def new_owner() -> str:
        return company(rng, year)["name"]

    tl = _Timeline(st.PATENT, as_of)
    tl.add(st.FILED, filed, owner=applicants[0]["name"])
    published = granted = None
    if kind == "invention":
        published = filed + timedelta(days=rng.randint(540, 560) if digit == "1" else rng.randint(30, 120))
        exam = filed + timedelta(days=rng.randint(0, 1000))
        if rng.random() < 0.08:
            tl.add(st.PUBLISHED, published)
            tl.add(st.DEEMED_WITHDRAWN, filed + timedelta(days=1100 + rng.randint(30, 200)))
        else:
            for event_type, day in sorted(((st.PUBLISHED, published), (st.EXAMINATION_REQUESTED, exam)), key=lambda pair: pair[1]):
                tl.add(event_type, day)
            decided = max(published, exam) + timedelta(days=rng.randint(300, 900))
            if rng.random() < 0.3:
                tl.add(st.REJECTED, decided)
            else:
                granted = decided
    else:
        granted = filed + timedelta(days=rng.randint(120, 300) if kind == "design" else rng.randint(180, 420))
        if rng.random() < 0.04:
            granted = None
            tl.add(st.REJECTED, filed + timedelta(days=rng.randint(150, 400)))
    if kind == "design":
        term = 15 if filed >= DESIGN_15_YEARS_FROM else 10
    else:
        term = TERM_YEARS[kind]
    expires = _add_years(filed, term)
    annuity = {"status": "not_due", "paid_through_year": None, "next_due": None}
    if granted is not None and tl.add(st.GRANTED, granted):
        # The patentee pays each year's annuity by the anniversary of the filing; some stop.
        keep_for = term if rng.random() < 0.35 else rng.randint(3, term)
        lapse_due = _add_years(filed, keep_for) if keep_for < term else None
        end = min(expires, lapse_due) if lapse_due else expires
        _post_grant(rng, tl, granted, end, applicants[0]["name"], new_owner)
        if tl.state.status == st.S_GRANTED:
            if lapse_due is not None:
                lapsed = lapse_due + timedelta(days=rng.randint(200, 260))  # after the 6-month grace and the notice
                if tl.add(st.LAPSED_UNPAID_ANNUITY, lapsed) and rng.random() < 0.15:
                    restored = lapsed + timedelta(days=rng.randint(20, 100))
                    if restored < expires and tl.add(st.RESTORED, restored):
                        tl.add(st.EXPIRED, expires)
            else:
                tl.add(st.EXPIRED, expires)
        status_now = tl.state.status
        years_since = max(0, as_of.year - filed.year - (1 if (as_of.month, as_of.day) < (filed.month, filed.day) else 0))
        if status_now == st.S_GRANTED:
            paid_through = min(term, years_since + 1)
            annuity = {"status": "paid", "paid_through_year": paid_through, "next_due": _iso(_add_years(filed, paid_through)) if paid_through < term else None}
        elif status_now == st.S_LAPSED:
            annuity = {"status": "unpaid_lapsed", "paid_through_year": keep_for, "next_due": None}
        else:
            annuity = {"status": "ended", "paid_through_year": None, "next_due": None}
    else:
        granted = None
    if tl.state.status in (st.S_PENDING, st.S_PUBLISHED, st.S_UNDER_EXAMINATION) and rng.random() < 0.03:
        tl.add(st.ABANDONED, tl.last + timedelta(days=rng.randint(30, 300)))
    grant_event = next((e for e in tl.events if e.type == st.GRANTED), None)
    publish_event = next((e for e in tl.events if e.type == st.PUBLISHED), None)
    source_version = rng.randint(1, 1 + len(tl.events))
    return {
        "number": number,
        "kind": kind,
        "pct": digit in "89",
        "title": title,
        "applicants": applicants,
        "owner": tl.state.owner,
        "inventors": inventors,
        "ipc": ipc,
        "locarno": locarno,
        "filing_date": filed.isoformat(),
        "publication_date": _iso(publish_event.date if publish_event else None),
        "grant_date": _iso(grant_event.date if grant_event else None),
        "status": tl.state.status,
        "flags": _flags(tl.state),
        "annuity": annuity,
        # The last day of the term (CNIPA: filed 1999-09-06 → in force until 2019-09-05); the
        # right expires on the anniversary.
        "expiry_date": (expires - timedelta(days=1)).isoformat(),
        "events": [event.to_dict() for event in tl.events],
        "source": SOURCE,
        "source_id": f"CNIPA-PAT-{number}",
        "source_version": source_version,
        "received_at": _received_at(rng, tl.last),
    }


def _flags(state: st.RightState) -> dict:
    return {
        "pledged": state.pledged,
        "licensed": state.licensed,
        "frozen": state.frozen,
        "under_invalidation": state.under_invalidation,
        "opposed": state.opposed,
    }


# --- trademarks ------------------------------------------------------------------------------------
def nice_edition(day: date) -> str:
    """The Nice edition and yearly version in force on ``day`` (e.g. ``NCL12-2024``)."""
    for first_year, edition in ((2023, 12), (2017, 11), (2012, 10), (2007, 9), (2002, 8), (1997, 7)):
        if day.year >= first_year:
            return f"NCL{edition}-{day.year}"
    return f"NCL6-{day.year}"


def mark_text(rng: random.Random) -> str:
    roll = rng.random()
    chinese = "".join(rng.sample(BRAND_CHARS, rng.choice((2, 2, 3))))
    latin = "".join(rng.choice(LATIN_ONSETS) + rng.choice(LATIN_NUCLEI) for _ in range(rng.choice((2, 2, 3))))
    if roll < 0.55:
        return chinese
    if roll < 0.8:
        return latin.upper() if rng.random() < 0.5 else latin.capitalize()
    return f"{chinese} {latin.upper()}"


def _tm_filing_date(rng: random.Random, number: int) -> date:
    points = [p[0] for p in TM_NUMBER_YEARS]
    i = max(0, bisect.bisect_right(points, number) - 1)
    (n0, y0), (n1, y1) = TM_NUMBER_YEARS[i], TM_NUMBER_YEARS[min(i + 1, len(TM_NUMBER_YEARS) - 1)]
    fraction = (number - n0) / (n1 - n0) if n1 > n0 else 0.0
    start = date(y0, 1, 1)
    return start + timedelta(days=int(fraction * (date(y1, 1, 1) - start).days) + rng.randint(-20, 20))


def trademarks(seed: int, n: int, *, as_of: date = date(2025, 12, 31)) -> Iterator[dict]:
    """``n`` trademark records; events after ``as_of`` have not happened yet."""
    _check_size(n)
    rng = random.Random(f"trademarks:{seed}")
    offset = rng.randrange(_TM_MODULUS)
    for index in range(n):
        yield _trademark(rng, index, offset, as_of)


def _trademark(rng: random.Random, index: int, offset: int, as_of: date) -> dict:
    number = 1 + (index * _A_TRADEMARK + offset) % _TM_MODULUS
    filed = min(_tm_filing_date(rng, number), as_of)
    madrid = rng.random() < 0.04
    if madrid:
        owner = {"kind": "organization", "name": rng.choice(FOREIGN_OWNERS), "credit_code": None, "region": None}
    else:
        owner = company(rng, filed.year) if rng.random() < 0.8 else person(rng)
    nice = rng.choice(POPULAR_CLASSES) if rng.random() < 0.8 else rng.randint(1, 45)
    groups = sorted({f"{nice:02d}{rng.randint(1, NICE_GROUPS[nice]):02d}" for _ in range(rng.randint(1, 4))})
    classes = [{"class": nice, "groups": groups, "edition": nice_edition(filed)}]
    tl = _Timeline(st.TRADEMARK, as_of)
    tl.add(st.FILED, filed, owner=owner["name"])
    international = f"G{rng.randint(700_000, 1_799_999)}" if madrid else None
    if madrid:
        tl.add(st.MADRID_DESIGNATED, filed, international_number=international)
    registered = term_ends = None
    approval = filed + timedelta(days=rng.randint(180, 265))
    if rng.random() < 0.3:
        tl.add(st.REJECTED, approval)
    elif tl.add(st.PRELIMINARILY_APPROVED, approval):
        registration = approval + timedelta(days=rng.randint(90, 100))
        if rng.random() < 0.06:
            tl.add(st.OPPOSED, approval + timedelta(days=rng.randint(20, 85)))
            outcome = rng.choice(st.OPPOSITION_OUTCOMES)
            registration = approval + timedelta(days=rng.randint(400, 700))
            tl.add(st.OPPOSITION_DECIDED, registration - timedelta(days=1), outcome)
        term_ends = _add_years(registration, 10) - timedelta(days=1)
        if tl.add(st.REGISTERED, registration, term_ends=term_ends.isoformat()):
            registered = registration
            end = registered
            while True:
                _post_grant(rng, tl, end, min(term_ends, as_of), owner["name"], lambda: company(rng, filed.year)["name"])
                if tl.state.status != st.S_REGISTERED:
                    break
                roll = rng.random()
                if roll < 0.03:
                    tl.add(st.REVOKED, tl.last + timedelta(days=rng.randint(200, 900)))
                    break
                if roll < 0.05:
                    tl.add(st.CANCELLED, tl.last + timedelta(days=rng.randint(100, 900)))
                    break
                if rng.random() < 0.6:
                    renewal = term_ends - timedelta(days=rng.randint(0, 330))
                    new_end = _add_years(term_ends, 10)
                    if tl.add(st.RENEWED, renewal, term_ends=new_end.isoformat()):
                        end, term_ends = term_ends, new_end
                        continue
                    break
                tl.add(st.EXPIRED, term_ends + timedelta(days=rng.randint(190, 240)))
                break
    status_now = tl.state
    return {
        "number": str(number),
        "international_number": international,
        "mark_text": mark_text(rng),
        "classes": classes,
        "applicant": owner,
        "owner": status_now.owner,
        "filing_date": filed.isoformat(),
        "preliminary_approval_date": _iso(next((e.date for e in tl.events if e.type == st.PRELIMINARILY_APPROVED), None)),
        "registration_date": _iso(registered),
        "term_ends": _iso(status_now.term_ends),
        "status": status_now.status,
        "flags": _flags(status_now),
        "events": [event.to_dict() for event in tl.events],
        "source": SOURCE,
        "source_id": f"CNIPA-TM-{number}",
        "source_version": rng.randint(1, 1 + len(tl.events)),
        "received_at": _received_at(rng, tl.last),
    }
