"""Reference agencies, as plain data. Loaded (idempotently, by `code`) by
`ipcollab.orgs.loader.load_reference_data`, which a data migration and the command
`manage.py load_reference_data` both call. See docs/reference-data.md for sources and how to
update this table.

Court codes (法院代字) follow 《关于人民法院案件案号的若干规定》 (法〔2015〕137号, amended by
法〔2018〕335号): SPC 最高法; a high court the province's one-character abbreviation; an
intermediate court that abbreviation plus two digits (usually the prefecture's GB/T 2260 digits;
71–99 for specialised courts, 73 = IP court); a basic court the abbreviation plus four digits
(usually the last four digits of the county's GB/T 2260 code; 91/92 for internet courts).
Only codes seen in published judgments are listed.

Region codes are GB/T 2260 codes of the place whose people the agency serves; national bodies
carry the code of their seat (北京市 110000). In the four municipalities directly under the
central government the intermediate courts carry the code of the municipality's district level
(e.g. 110100).
"""

# Province: (GB/T 2260 code, name, court abbreviation, slug of the abbreviation, slug of the province)
PROVINCES = [
    ("110000", "北京市", "京", "jing", "beijing"),
    ("120000", "天津市", "津", "jin", "tianjin"),
    ("130000", "河北省", "冀", "ji", "hebei"),
    ("140000", "山西省", "晋", "shanxi", "shanxi"),
    ("150000", "内蒙古自治区", "内", "nei", "neimenggu"),
    ("210000", "辽宁省", "辽", "liao", "liaoning"),
    ("220000", "吉林省", "吉", "jilin", "jilin"),
    ("230000", "黑龙江省", "黑", "hei", "heilongjiang"),
    ("310000", "上海市", "沪", "hu", "shanghai"),
    ("320000", "江苏省", "苏", "su", "jiangsu"),
    ("330000", "浙江省", "浙", "zhe", "zhejiang"),
    ("340000", "安徽省", "皖", "wan", "anhui"),
    ("350000", "福建省", "闽", "min", "fujian"),
    ("360000", "江西省", "赣", "gan", "jiangxi"),
    ("370000", "山东省", "鲁", "lu", "shandong"),
    ("410000", "河南省", "豫", "yu", "henan"),
    ("420000", "湖北省", "鄂", "e", "hubei"),
    ("430000", "湖南省", "湘", "xiang", "hunan"),
    ("440000", "广东省", "粤", "yue", "guangdong"),
    ("450000", "广西壮族自治区", "桂", "gui", "guangxi"),
    ("460000", "海南省", "琼", "qiong", "hainan"),
    ("500000", "重庆市", "渝", "chongqing", "chongqing"),
    ("510000", "四川省", "川", "chuan", "sichuan"),
    ("520000", "贵州省", "黔", "qian", "guizhou"),
    ("530000", "云南省", "云", "yun", "yunnan"),
    ("540000", "西藏自治区", "藏", "zang", "xizang"),
    ("610000", "陕西省", "陕", "shaan", "shaanxi"),
    ("620000", "甘肃省", "甘", "gansu", "gansu"),
    ("630000", "青海省", "青", "qing", "qinghai"),
    ("640000", "宁夏回族自治区", "宁", "ning", "ningxia"),
    ("650000", "新疆维吾尔自治区", "新", "xin", "xinjiang"),
]

_ABBR = {p[2]: p for p in PROVINCES}


def province_short(name):
    """北京市 → 北京, 内蒙古自治区 → 内蒙古, 广西壮族自治区 → 广西."""
    return name[:3] if name.startswith(("内蒙古", "黑龙江")) else name[:2]


def court_slug(court_code):
    """京73 → court-jing73; 最高法 → spc; 兵 → court-bing."""
    if court_code == "最高法":
        return "spc"
    special = {"兵": "bing", "军": "jun"}
    head, digits = court_code[0], court_code[1:]
    return f"court-{special.get(head) or _ABBR[head][3]}{digits}"


def _agency(code, name, kind, level, region, parent=None, short_name="", court_code="", name_en="", website="", divisions=()):
    return {
        "code": code,
        "name": name,
        "short_name": short_name,
        "name_en": name_en,
        "kind": kind,
        "level": level,
        "region": region,
        "parent": parent,
        "court_code": court_code,
        "website": website,
        "divisions": list(divisions),
    }


def _court(court_code, name, level, region, parent_code=None, short_name="", name_en="", divisions=()):
    parent = court_slug(parent_code) if parent_code else None
    return _agency(court_slug(court_code), name, "court", level, region, parent, short_name, court_code, name_en, divisions=divisions)


# ---------------------------------------------------------------------------------------------
# Courts
# ---------------------------------------------------------------------------------------------

SPC = _court(
    "最高法",
    "最高人民法院",
    "national",
    "110000",
    short_name="最高法",
    name_en="Supreme People's Court",
    divisions=[
        # (name, is_liaison_office[, short name])
        ("民事审判第三庭", True, "民三庭"),
        ("知识产权法庭", True),
        ("立案庭", False),
        ("审判管理办公室", False),
        ("研究室", False),
        ("办公厅", False),
    ],
)

HIGH_COURTS = [
    _court(abbr, f"{name}高级人民法院", "provincial", code, "最高法", short_name=f"{province_short(name)}高院") for code, name, abbr, _slug, _p in PROVINCES
]

SPECIAL_COURTS = [
    _court("兵", "新疆维吾尔自治区高级人民法院生产建设兵团分院", "provincial", "650000", "最高法", short_name="兵团分院"),
    _court("军", "中国人民解放军军事法院", "national", "110000", "最高法", short_name="军事法院"),
]

IP_COURTS = [
    _court("京73", "北京知识产权法院", "municipal", "110000", "京", short_name="北京知产法院", name_en="Beijing Intellectual Property Court"),
    _court("沪73", "上海知识产权法院", "municipal", "310000", "沪", short_name="上海知产法院", name_en="Shanghai Intellectual Property Court"),
    _court("粤73", "广州知识产权法院", "municipal", "440100", "粤", short_name="广州知产法院", name_en="Guangzhou Intellectual Property Court"),
    _court("琼73", "海南自由贸易港知识产权法院", "municipal", "460000", "琼", short_name="海南自贸港知产法院"),
]

# (court code, name, region) — intermediate courts; the parent is the province's high court.
_INTERMEDIATE = [
    ("京01", "北京市第一中级人民法院", "110100"),
    ("京02", "北京市第二中级人民法院", "110100"),
    ("京03", "北京市第三中级人民法院", "110100"),
    ("京04", "北京市第四中级人民法院", "110100"),
    ("津01", "天津市第一中级人民法院", "120100"),
    ("津02", "天津市第二中级人民法院", "120100"),
    ("津03", "天津市第三中级人民法院", "120100"),
    ("沪01", "上海市第一中级人民法院", "310100"),
    ("沪02", "上海市第二中级人民法院", "310100"),
    ("沪03", "上海市第三中级人民法院", "310100"),
    ("渝01", "重庆市第一中级人民法院", "500100"),
    ("渝05", "重庆市第五中级人民法院", "500100"),
    ("冀01", "石家庄市中级人民法院", "130100"),
    ("晋01", "太原市中级人民法院", "140100"),
    ("辽01", "沈阳市中级人民法院", "210100"),
    ("辽02", "大连市中级人民法院", "210200"),
    ("吉01", "长春市中级人民法院", "220100"),
    ("黑01", "哈尔滨市中级人民法院", "230100"),
    ("苏01", "南京市中级人民法院", "320100"),
    ("苏02", "无锡市中级人民法院", "320200"),
    ("苏05", "苏州市中级人民法院", "320500"),
    ("浙01", "杭州市中级人民法院", "330100"),
    ("浙02", "宁波市中级人民法院", "330200"),
    ("皖01", "合肥市中级人民法院", "340100"),
    ("闽01", "福州市中级人民法院", "350100"),
    ("闽02", "厦门市中级人民法院", "350200"),
    ("赣01", "南昌市中级人民法院", "360100"),
    ("鲁01", "济南市中级人民法院", "370100"),
    ("鲁02", "青岛市中级人民法院", "370200"),
    ("豫01", "郑州市中级人民法院", "410100"),
    ("鄂01", "武汉市中级人民法院", "420100"),
    ("湘01", "长沙市中级人民法院", "430100"),
    ("粤01", "广州市中级人民法院", "440100"),
    ("粤03", "深圳市中级人民法院", "440300"),
    ("粤06", "佛山市中级人民法院", "440600"),
    ("桂01", "南宁市中级人民法院", "450100"),
    ("川01", "成都市中级人民法院", "510100"),
    ("黔01", "贵阳市中级人民法院", "520100"),
    ("云01", "昆明市中级人民法院", "530100"),
    ("陕01", "西安市中级人民法院", "610100"),
    ("甘01", "兰州市中级人民法院", "620100"),
    ("新01", "乌鲁木齐市中级人民法院", "650100"),
]

INTERMEDIATE_COURTS = [_court(cc, name, "municipal", region, cc[0]) for cc, name, region in _INTERMEDIATE]

# (court code, name, region, superior court code) — basic courts.
_BASIC = [
    ("京0491", "北京互联网法院", "110000", "京04"),
    ("京0101", "北京市东城区人民法院", "110101", "京02"),
    ("京0102", "北京市西城区人民法院", "110102", "京02"),
    ("京0105", "北京市朝阳区人民法院", "110105", "京03"),
    ("京0106", "北京市丰台区人民法院", "110106", "京02"),
    ("京0108", "北京市海淀区人民法院", "110108", "京01"),
    ("沪0104", "上海市徐汇区人民法院", "310104", "沪01"),
    ("沪0115", "上海市浦东新区人民法院", "310115", "沪01"),
    ("苏0106", "南京市鼓楼区人民法院", "320106", "苏01"),
    ("苏0508", "苏州市姑苏区人民法院", "320508", "苏05"),
    ("浙0192", "杭州互联网法院", "330100", "浙01"),
    ("浙0108", "杭州市滨江区人民法院", "330108", "浙01"),
    ("粤0192", "广州互联网法院", "440100", "粤01"),
    ("粤0106", "广州市天河区人民法院", "440106", "粤01"),
    ("粤0304", "深圳市福田区人民法院", "440304", "粤03"),
    ("粤0305", "深圳市南山区人民法院", "440305", "粤03"),
    ("川0104", "成都市锦江区人民法院", "510104", "川01"),
    ("川0107", "成都市武侯区人民法院", "510107", "川01"),
]

BASIC_COURTS = [_court(cc, name, "county", region, parent) for cc, name, region, parent in _BASIC]

COURTS = [SPC, *HIGH_COURTS, *SPECIAL_COURTS, *IP_COURTS, *INTERMEDIATE_COURTS, *BASIC_COURTS]

# ---------------------------------------------------------------------------------------------
# IP administration (CNIPA and local offices)
# ---------------------------------------------------------------------------------------------

CNIPA = _agency(
    "cnipa",
    "国家知识产权局",
    "ip_office",
    "national",
    "110000",
    short_name="国知局",
    name_en="China National Intellectual Property Administration",
    website="https://www.cnipa.gov.cn/",
    divisions=[
        ("办公室", False),
        ("条法司", False),
        ("战略规划司", False),
        ("知识产权保护司", True, "保护司"),
        ("知识产权运用促进司", False),
        ("公共服务司", False),
        ("国际合作司", False),
        ("人事司", False),
        ("专利局", False),
        ("商标局", False),
    ],
)

PROVINCIAL_IP_OFFICES = [_agency(f"ipo-{slug}", f"{name}知识产权局", "ip_office", "provincial", code, "cnipa") for code, name, _a, _s, slug in PROVINCES]

XPCC_IP_OFFICE = _agency("ipo-xpcc", "新疆生产建设兵团知识产权局", "ip_office", "provincial", "650000", "cnipa", short_name="兵团知识产权局")

# (slug, name, region, parent slug)
_MUNICIPAL_IPO = [
    ("ipo-shenzhen", "深圳市市场监督管理局（知识产权局）", "440300", "ipo-guangdong"),
    ("ipo-guangzhou", "广州市市场监督管理局（知识产权局）", "440100", "ipo-guangdong"),
    ("ipo-foshan", "佛山市市场监督管理局（知识产权局）", "440600", "ipo-guangdong"),
    ("ipo-dongguan", "东莞市市场监督管理局（知识产权局）", "441900", "ipo-guangdong"),
    ("ipo-hangzhou", "杭州市市场监督管理局（知识产权局）", "330100", "ipo-zhejiang"),
    ("ipo-ningbo", "宁波市市场监督管理局（知识产权局）", "330200", "ipo-zhejiang"),
    ("ipo-nanjing", "南京市市场监督管理局（知识产权局）", "320100", "ipo-jiangsu"),
    ("ipo-suzhou", "苏州市市场监督管理局（知识产权局）", "320500", "ipo-jiangsu"),
    ("ipo-chengdu", "成都市知识产权局", "510100", "ipo-sichuan"),
    ("ipo-wuhan", "武汉市市场监督管理局（知识产权局）", "420100", "ipo-hubei"),
    ("ipo-qingdao", "青岛市市场监督管理局（知识产权局）", "370200", "ipo-shandong"),
    ("ipo-xiamen", "厦门市市场监督管理局（知识产权局）", "350200", "ipo-fujian"),
]

MUNICIPAL_IP_OFFICES = [_agency(slug, name, "ip_office", "municipal", region, parent) for slug, name, region, parent in _MUNICIPAL_IPO]

IP_OFFICES = [CNIPA, *PROVINCIAL_IP_OFFICES, XPCC_IP_OFFICE, *MUNICIPAL_IP_OFFICES]

# ---------------------------------------------------------------------------------------------
# Protection centres, rapid-protection centres, mediation, appraisal, other agencies
# ---------------------------------------------------------------------------------------------

_PROTECTION_CENTRES = [
    ("ppc-beijing", "中国（北京）知识产权保护中心", "provincial", "110000", "ipo-beijing"),
    ("ppc-shanghai", "中国（上海）知识产权保护中心", "provincial", "310000", "ipo-shanghai"),
    ("ppc-guangdong", "中国（广东）知识产权保护中心", "provincial", "440000", "ipo-guangdong"),
    ("ppc-jiangsu", "中国（江苏）知识产权保护中心", "provincial", "320000", "ipo-jiangsu"),
    ("ppc-zhejiang", "中国（浙江）知识产权保护中心", "provincial", "330000", "ipo-zhejiang"),
    ("ppc-shenzhen", "中国（深圳）知识产权保护中心", "municipal", "440300", "ipo-shenzhen"),
    ("ppc-hangzhou", "中国（杭州）知识产权保护中心", "municipal", "330100", "ipo-hangzhou"),
]

PROTECTION_CENTRES = [_agency(slug, name, "protection_centre", level, region, parent) for slug, name, level, region, parent in _PROTECTION_CENTRES]

_RAPID_CENTRES = [
    ("rpc-shunde", "中国（顺德家电）知识产权快速维权中心", "440606", "ipo-foshan"),
    ("rpc-zhongshan", "中国（中山灯饰）知识产权快速维权中心", "442000", "ipo-guangdong"),
    ("rpc-yiwu", "中国（义乌）知识产权快速维权中心", "330782", "ipo-zhejiang"),
    ("rpc-nantong", "中国（南通家纺）知识产权快速维权中心", "320600", "ipo-jiangsu"),
]

RAPID_CENTRES = [
    _agency(slug, name, "rapid_protection_centre", "county" if region[4:] != "00" else "municipal", region, parent)
    for slug, name, region, parent in _RAPID_CENTRES
]

# Sample mediation organisations and appraisal institutions: plausible examples for the
# directory, to be replaced by each deployment's own list (see docs/reference-data.md).
MEDIATION = [
    _agency("med-beijing", "北京市知识产权纠纷人民调解委员会", "mediation", "provincial", "110000", short_name="北京知调委"),
    _agency("med-shanghai", "上海市知识产权纠纷人民调解委员会", "mediation", "provincial", "310000", short_name="上海知调委"),
    _agency("med-guangdong", "广东省知识产权纠纷人民调解委员会", "mediation", "provincial", "440000", short_name="广东知调委"),
]

APPRAISAL = [
    _agency("apr-miit-eipc", "工业和信息化部电子知识产权中心", "appraisal", "national", "110000", short_name="工信部知识产权中心"),
    _agency("apr-beijing-guoke", "北京国科知识产权司法鉴定中心", "appraisal", "provincial", "110000", short_name="国科鉴定中心"),
    _agency("apr-shanghai-stcsm", "上海科技咨询服务中心知识产权司法鉴定所", "appraisal", "provincial", "310000", short_name="上海科咨鉴定所"),
]

OTHERS = [
    _agency("spp", "最高人民检察院", "procuratorate", "national", "110000", short_name="最高检", name_en="Supreme People's Procuratorate"),
    _agency("mps", "公安部", "public_security", "national", "110000", name_en="Ministry of Public Security"),
    _agency(
        "samr",
        "国家市场监督管理总局",
        "market_regulation",
        "national",
        "110000",
        short_name="市场监管总局",
        name_en="State Administration for Market Regulation",
    ),
]

AGENCIES = [*COURTS, *IP_OFFICES, *PROTECTION_CENTRES, *RAPID_CENTRES, *MEDIATION, *APPRAISAL, *OTHERS]
