"""Where each IP office sits, and the basic court of that district (申请强制执行的管辖法院, 行政强制法
第54条, 法释〔2018〕1号 第157条). Seats are the offices' published addresses as far as known; none is
verified against an official source ([R]); a deployment corrects the table in the admin site.

(office agency code, court code of the basic court, seat)
"""

ROWS = [
    ("cnipa", "京0108", "北京市海淀区蓟门桥西土城路6号"),
    ("ipo-beijing", "京0108", "北京市海淀区"),
    ("ipo-shanghai", "沪0115", "上海市浦东新区"),
    ("ipo-guangdong", "粤0106", "广州市天河区"),
    ("ipo-jiangsu", "苏0106", "南京市鼓楼区"),
    ("ipo-guangzhou", "粤0106", "广州市天河区"),
    ("ipo-shenzhen", "粤0304", "深圳市福田区"),
    ("ipo-nanjing", "苏0106", "南京市鼓楼区"),
    ("ipo-suzhou", "苏0508", "苏州市姑苏区"),
    ("ipo-hangzhou", "浙0108", "杭州市滨江区"),
    ("ipo-chengdu", "川0104", "成都市锦江区"),
]


def load(Agency, EnforcementCourt):
    """Create the missing rows (idempotent); offices or courts absent from the reference data are skipped."""
    for office_code, court_code, seat in ROWS:
        office = Agency.objects.filter(code=office_code).first()
        court = Agency.objects.filter(kind="court", court_code=court_code).first()
        if office is None or court is None:
            continue
        EnforcementCourt.objects.get_or_create(office=office, defaults={"court": court, "seat": seat, "verified": False, "note": "机关所在地待核实（[R]）"})
