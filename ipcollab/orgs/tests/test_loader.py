from io import StringIO

import pytest
from django.core.management import call_command

from ipcollab.orgs import reference_data
from ipcollab.orgs.loader import load_reference_data, parse_adcodes
from ipcollab.orgs.models import Agency, AgencyKind, Division, Region

pytestmark = pytest.mark.django_db


def test_regions_loaded_by_the_migration_with_levels_and_parents():
    assert Region.objects.filter(level=1).count() >= 34
    assert Region.objects.filter(level=2).count() > 300
    assert Region.objects.filter(level=3).count() > 2800
    haidian = Region.objects.get(code="110108")
    assert haidian.name == "海淀区" and haidian.level == 3 and haidian.parent_id == "110100"
    assert Region.objects.get(code="110100").parent_id == "110000"
    assert Region.objects.get(code="440305").name == "南山区"
    # a province-administered county-level city hangs off its province
    assert Region.objects.get(code="419001").parent_id == "410000"
    assert not Region.objects.filter(level=1, parent__isnull=False).exists()
    assert not Region.objects.filter(level__gt=1, parent__isnull=True).exists()


def test_parse_adcodes_skips_sub_county_rows_and_junk():
    text = (
        "adcode,name,longitude,latitude\n110000000000,北京市,1,1\n110100000000,北京市,1,1\n110108000000,海淀区,1,1\n110108001000,万寿路街道,1,1\nabc,坏行,1,1\n"
    )
    assert parse_adcodes(text) == {"110000": ("北京市", 1, None), "110100": ("北京市", 2, "110000"), "110108": ("海淀区", 3, "110100")}


def test_courts_with_real_codes_and_hierarchy():
    spc = Agency.objects.get(code="spc")
    assert spc.court_code == "最高法" and spc.level == "national"
    high = Agency.objects.filter(kind=AgencyKind.COURT, level="provincial", parent=spc)
    assert set(high.values_list("court_code", flat=True)) >= set("京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新兵")
    assert Agency.objects.get(court_code="兵").name == "新疆维吾尔自治区高级人民法院生产建设兵团分院"
    assert Agency.objects.get(court_code="军").name == "中国人民解放军军事法院"
    for code, name in [("京73", "北京知识产权法院"), ("沪73", "上海知识产权法院"), ("粤73", "广州知识产权法院"), ("琼73", "海南自由贸易港知识产权法院")]:
        assert Agency.objects.get(court_code=code).name == name
    bj73 = Agency.objects.get(code="court-jing73")
    assert bj73.court_code == "京73" and bj73.parent.court_code == "京"
    internet = Agency.objects.get(court_code="京0491")
    assert internet.name == "北京互联网法院" and internet.parent.court_code == "京04"
    haidian = Agency.objects.get(court_code="京0108")
    assert haidian.region_id == "110108" and haidian.parent.court_code == "京01" and haidian.level == "county"
    assert Agency.objects.get(court_code="粤0305").region_id == "440305"
    assert Agency.objects.get(court_code="苏05").name == "苏州市中级人民法院"
    assert Agency.objects.get(court_code="苏0508").parent.court_code == "苏05"
    # basic court codes are the province abbreviation plus the county code's last four digits
    for court in Agency.objects.filter(kind=AgencyKind.COURT, level="county").exclude(court_code__in=["京0491", "浙0192", "粤0192"]):
        assert court.court_code[1:] == court.region_id[2:], court


def test_divisions_and_ip_offices():
    spc_divs = {d.name: d for d in Division.objects.filter(agency__code="spc")}
    assert spc_divs["民事审判第三庭"].short_name == "民三庭" and spc_divs["民事审判第三庭"].is_liaison_office
    assert spc_divs["知识产权法庭"].is_liaison_office
    cnipa = Agency.objects.get(code="cnipa")
    assert cnipa.kind == "ip_office" and cnipa.level == "national"
    assert Division.objects.get(agency=cnipa, name="知识产权保护司").is_liaison_office
    assert Agency.objects.filter(kind="ip_office", level="provincial", parent=cnipa).count() == 32  # 31 + XPCC
    assert Agency.objects.get(code="ipo-beijing").name == "北京市知识产权局"
    assert Agency.objects.get(code="ipo-xpcc").name == "新疆生产建设兵团知识产权局"
    assert Agency.objects.filter(kind="ip_office", level="municipal").count() >= 10
    for kind in ("protection_centre", "rapid_protection_centre", "mediation", "appraisal", "procuratorate", "public_security", "market_regulation"):
        assert Agency.objects.filter(kind=kind).exists(), kind
    assert Agency.objects.filter(name="中国（顺德家电）知识产权快速维权中心", region_id="440606").exists()


def test_reference_data_is_consistent():
    codes = [a["code"] for a in reference_data.AGENCIES]
    assert len(codes) == len(set(codes))
    court_codes = [a["court_code"] for a in reference_data.AGENCIES if a["court_code"]]
    assert len(court_codes) == len(set(court_codes))
    assert all(bool(a["court_code"]) == (a["kind"] == "court") for a in reference_data.AGENCIES)
    assert Agency.objects.filter(code__in=codes).count() == len(codes)


def test_loader_is_idempotent_and_repairs_drift():
    counts = (Region.objects.count(), Agency.objects.count(), Division.objects.count())
    report = load_reference_data()
    assert (report.regions_created, report.agencies_created, report.divisions_created) == (0, 0, 0)
    assert (report.regions_updated, report.agencies_updated) == (0, 0)
    assert (Region.objects.count(), Agency.objects.count(), Division.objects.count()) == counts
    Agency.objects.filter(code="court-jing73").update(name="改错的名字")
    report = load_reference_data()
    assert report.agencies_updated == 1
    assert Agency.objects.get(code="court-jing73").name == "北京知识产权法院"


def test_load_reference_data_command():
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert "agencies: 0 created" in out.getvalue()
