"""Seed of the jurisdiction tables, as plain data (loaded by migration 0003 through
loader.sync_jurisdiction; idempotent). Courts are named by their court code (法院代字) and IP
offices by their platform code, as seeded by ipcollab.orgs.reference_data; regions by GB/T 2260
code. What is simplified is listed in docs/rulebook.md ("Jurisdiction: what is simplified").
"""

from datetime import date

D = date

TECHNICAL = ("invention_patent", "utility_model", "plant_variety", "layout_design", "technical_secret", "software", "monopoly")
NON_TECHNICAL = ("trademark", "copyright", "unfair_competition")
ROUTED_TO_HIGH_COURTS_2023 = ("utility_model", "technical_secret", "software")

FROM_2022 = D(2022, 5, 1)  # 法释〔2022〕13号 in force

# (region, court code, note) for technical categories and design patents
TECHNICAL_COURTS = [
    ("110000", "京73", ""),
    ("310000", "沪73", ""),
    ("440000", "粤73", "广州知识产权法院跨区域管辖广东省（深圳市除外）"),
    ("440300", "粤03", "深圳市中级人民法院（深圳知识产权法庭）"),
    ("460000", "琼73", ""),
    ("120000", "津03", "天津知识产权法庭"),
    ("500000", "渝01", "重庆知识产权法庭"),
    ("130000", "冀01", ""),
    ("140000", "晋01", ""),
    ("210000", "辽01", "沈阳知识产权法庭"),
    ("220000", "吉01", ""),
    ("230000", "黑01", ""),
    ("320000", "苏01", "南京知识产权法庭；本表未细分江苏其他知识产权法庭的跨区域管辖"),
    ("320200", "苏02", "无锡知识产权法庭"),
    ("320500", "苏05", "苏州知识产权法庭"),
    ("330000", "浙01", "杭州知识产权法庭"),
    ("330200", "浙02", "宁波知识产权法庭"),
    ("340000", "皖01", "合肥知识产权法庭"),
    ("350000", "闽01", "福州知识产权法庭"),
    ("350200", "闽02", "厦门知识产权法庭"),
    ("360000", "赣01", "南昌知识产权法庭"),
    ("370000", "鲁01", "济南知识产权法庭"),
    ("370200", "鲁02", "青岛知识产权法庭"),
    ("410000", "豫01", "郑州知识产权法庭"),
    ("420000", "鄂01", "武汉知识产权法庭"),
    ("430000", "湘01", "长沙知识产权法庭"),
    ("450000", "桂01", ""),
    ("510000", "川01", "成都知识产权法庭"),
    ("520000", "黔01", ""),
    ("530000", "云01", ""),
    ("610000", "陕01", "西安知识产权法庭"),
    ("620000", "甘01", "兰州知识产权法庭"),
    ("650000", "新01", ""),
]

# (region, court code, note) for trademark, copyright and unfair competition
NON_TECHNICAL_COURTS = [
    # municipalities with an IP court: the IP court at intermediate level, designated basic courts below
    ("110000", "京73", "中级法院层级的案件（标的额较大、涉驰名商标认定等）"),
    ("110101", "京0101", ""),
    ("110102", "京0102", ""),
    ("110105", "京0105", ""),
    ("110106", "京0106", ""),
    ("110108", "京0108", ""),
    ("310000", "沪73", "中级法院层级的案件（标的额较大、涉驰名商标认定等）"),
    ("310104", "沪0104", ""),
    ("310115", "沪0115", ""),
    ("440100", "粤73", "中级法院层级的案件（标的额较大、涉驰名商标认定等）"),
    ("440106", "粤0106", ""),
    ("440300", "粤03", "中级法院层级的案件"),
    ("440304", "粤0304", ""),
    ("440305", "粤0305", ""),
    ("440600", "粤06", "中级法院层级的案件"),
    ("460000", "琼73", "中级法院层级的案件"),
    ("120000", "津03", "中级法院层级的案件"),
    ("500000", "渝01", "中级法院层级的案件"),
    ("320100", "苏01", "中级法院层级的案件"),
    ("320106", "苏0106", ""),
    ("320200", "苏02", "中级法院层级的案件"),
    ("320500", "苏05", "中级法院层级的案件"),
    ("320508", "苏0508", ""),
    ("330100", "浙01", "中级法院层级的案件"),
    ("330108", "浙0108", ""),
    ("330200", "浙02", "中级法院层级的案件"),
    ("510100", "川01", "中级法院层级的案件"),
    ("510104", "川0104", ""),
    ("510107", "川0107", ""),
    ("420100", "鄂01", "中级法院层级的案件"),
    ("370100", "鲁01", "中级法院层级的案件"),
    ("370200", "鲁02", "中级法院层级的案件"),
    ("350100", "闽01", "中级法院层级的案件"),
    ("350200", "闽02", "中级法院层级的案件"),
]

# (category, region, court code, rule, from, to, note)
FIRST_INSTANCE = [
    *[(c, r, cc, "jurisdiction.first_instance.technical", FROM_2022, None, n) for c in TECHNICAL for r, cc, n in TECHNICAL_COURTS],
    *[("design_patent", r, cc, "jurisdiction.first_instance.design", FROM_2022, None, n) for r, cc, n in TECHNICAL_COURTS],
    *[(c, r, cc, "jurisdiction.first_instance.general", FROM_2022, None, n) for c in NON_TECHNICAL for r, cc, n in NON_TECHNICAL_COURTS],
    ("admin_cnipa_patent", None, "京73", "jurisdiction.first_instance.cnipa_admin", D(2014, 11, 6), None, "京73行初"),
    ("admin_cnipa_trademark", None, "京73", "jurisdiction.first_instance.cnipa_admin", D(2014, 11, 6), None, "京73行初"),
    ("drug_linkage", None, "京73", "jurisdiction.first_instance.drug_linkage", D(2021, 7, 5), None, "专利法第76条确认之诉"),
]

GENERAL_APPEAL_FROM = D(2013, 1, 1)
SPC_IP_TRIBUNAL_FROM = D(2019, 1, 1)
ROUTING_CHANGE_2023 = D(2023, 11, 1)

# (category or "", from tier, region or None, target court code or None = next higher, rule, from, to, note)
APPEALS = [
    ("", "basic", None, None, "trial.appeal.next_higher_court", GENERAL_APPEAL_FROM, None, ""),
    ("", "intermediate", None, None, "trial.appeal.next_higher_court", GENERAL_APPEAL_FROM, None, ""),
    ("", "high", None, None, "trial.appeal.next_higher_court", GENERAL_APPEAL_FROM, None, ""),
    ("", "basic", "110000", "京73", "jurisdiction.appeal.ip_courts", D(2014, 11, 6), None, "北京市基层法院知识产权案件的上诉"),
    ("", "basic", "310000", "沪73", "jurisdiction.appeal.ip_courts", D(2014, 12, 28), None, "上海市基层法院知识产权案件的上诉"),
    ("", "basic", "440100", "粤73", "jurisdiction.appeal.ip_courts", D(2014, 12, 16), None, "广州市基层法院知识产权案件的上诉"),
    # technical cases → SPC IP Tribunal from 2019; ordinary UM / technical secret / software → high courts from 2023-11-01
    *[
        (
            c,
            "intermediate",
            None,
            "最高法",
            "jurisdiction.appeal.spc_ip_tribunal",
            SPC_IP_TRIBUNAL_FROM,
            D(2023, 10, 31) if c in ROUTED_TO_HIGH_COURTS_2023 else None,
            "",
        )
        for c in (*TECHNICAL, "admin_cnipa_patent", "drug_linkage")
    ],
    *[(c, "high", None, "最高法", "jurisdiction.appeal.spc_ip_tribunal", SPC_IP_TRIBUNAL_FROM, None, "高级法院一审技术类案件的上诉") for c in TECHNICAL],
    *[
        (
            c,
            "intermediate",
            None,
            None,
            "jurisdiction.appeal.high_court_2023",
            ROUTING_CHANGE_2023,
            None,
            "重大、复杂案件仍由最高人民法院知识产权法庭审理（本表不区分）",
        )
        for c in ROUTED_TO_HIGH_COURTS_2023
    ],
]

# (scope, region or None, office code, rule, from, to, note)
ADJUDICATION = [
    *[
        ("ordinary", region, office, "adjudication.patent_dispute.local", D(2009, 10, 1), None, "")
        for region, office in [
            ("110000", "ipo-beijing"),
            ("120000", "ipo-tianjin"),
            ("130000", "ipo-hebei"),
            ("140000", "ipo-shanxi"),
            ("150000", "ipo-neimenggu"),
            ("210000", "ipo-liaoning"),
            ("220000", "ipo-jilin"),
            ("230000", "ipo-heilongjiang"),
            ("310000", "ipo-shanghai"),
            ("320000", "ipo-jiangsu"),
            ("330000", "ipo-zhejiang"),
            ("340000", "ipo-anhui"),
            ("350000", "ipo-fujian"),
            ("360000", "ipo-jiangxi"),
            ("370000", "ipo-shandong"),
            ("410000", "ipo-henan"),
            ("420000", "ipo-hubei"),
            ("430000", "ipo-hunan"),
            ("440000", "ipo-guangdong"),
            ("450000", "ipo-guangxi"),
            ("460000", "ipo-hainan"),
            ("500000", "ipo-chongqing"),
            ("510000", "ipo-sichuan"),
            ("520000", "ipo-guizhou"),
            ("530000", "ipo-yunnan"),
            ("540000", "ipo-xizang"),
            ("610000", "ipo-shaanxi"),
            ("620000", "ipo-gansu"),
            ("630000", "ipo-qinghai"),
            ("640000", "ipo-ningxia"),
            ("650000", "ipo-xinjiang"),
            # cities whose own department handles patent disputes
            ("440300", "ipo-shenzhen"),
            ("440100", "ipo-guangzhou"),
            ("440600", "ipo-foshan"),
            ("441900", "ipo-dongguan"),
            ("330100", "ipo-hangzhou"),
            ("330200", "ipo-ningbo"),
            ("320100", "ipo-nanjing"),
            ("320500", "ipo-suzhou"),
            ("510100", "ipo-chengdu"),
            ("420100", "ipo-wuhan"),
            ("370200", "ipo-qingdao"),
            ("350200", "ipo-xiamen"),
        ]
    ],
    ("major", None, "cnipa", "adjudication.patent_dispute.cnipa_major", D(2021, 6, 1), None, "全国有重大影响的专利侵权纠纷"),
]
