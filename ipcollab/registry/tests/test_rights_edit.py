"""Registering and editing rights by hand: the right_update service, the 登记权利 and edit pages,
the mark image (type and size checks, served only within reach), per-role access and bad input."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ipcollab.audit.models import AuditEvent
from ipcollab.core.errors import ErrorCode, PermissionDenied, ServiceError
from ipcollab.identifiers import patent_check_character
from ipcollab.registry import services
from ipcollab.registry.models import Party, Right, RightParty

from .test_parties import org
from .test_rights import make_mark, make_patent

D = datetime.date


def patent_number(year, kind_digit, serial):
    body = f"{year}{kind_digit}{serial:07d}"
    return f"{body}.{patent_check_character(body)}"


def image_file(fmt="PNG", size=(8, 8), name=None):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, fmt)
    extension = {"PNG": "png", "JPEG": "jpg", "GIF": "gif"}[fmt]
    return SimpleUploadedFile(name or f"mark.{extension}", buffer.getvalue(), content_type=f"image/{extension}")


def big_png():
    """A valid PNG just over 2 MB (random pixels do not compress)."""
    import os

    image = Image.frombytes("RGB", (900, 900), os.urandom(900 * 900 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=0)
    assert buffer.tell() > 2 * 1024 * 1024
    return SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


NEW = {"kind": "patent", "number": "ZL 2019 1 0000001.9", "title": "一种登记测试方法", "filing_date": "2019-05-01", "visibility": "public"}


@pytest.mark.django_db
class TestUpdateService:
    def test_descriptive_fields_change_and_are_audited(self, world):
        right = make_patent(world.examiner)
        updated = services.right_update(actor=world.judge_a, right=right, title=" 一种新名称 ", ipc_codes=["ｇ06ｆ16/245", "G06N 3/08", "G06F 16/245", "H04L"])
        assert updated.title == "一种新名称" and updated.ipc_codes == ["G06F 16/245", "G06N 3/08", "H04L"]
        audit = AuditEvent.objects.get(action="registry.right.update")
        assert audit.before["title"] == "一种图像处理方法" and audit.after["ipc_codes"] == ["G06F 16/245", "G06N 3/08", "H04L"]
        assert updated.status == "pending"  # untouched

    def test_nothing_changed_writes_nothing(self, world):
        right = make_patent(world.examiner)
        services.right_update(actor=world.judge_a, right=right, title=right.title)
        assert not AuditEvent.objects.filter(action="registry.right.update").exists()

    def test_status_and_other_fields_are_not_editable(self, world):
        right = make_patent(world.examiner)
        with pytest.raises(ServiceError) as exc:
            services.right_update(actor=world.judge_a, right=right, status="granted", number="x")
        assert exc.value.code == ErrorCode.INVALID and set(exc.value.fields) == {"number", "status"}

    def test_nice_classes_checked(self, world):
        mark = make_mark(world.examiner)
        done = services.right_update(
            actor=world.examiner, right=mark, nice_classes=[{"class": "35", "groups": ["3501"]}, {"class": 9, "groups": ["0907", "0901"]}]
        )
        assert done.nice_classes == [{"class": 9, "groups": ["0901", "0907"]}, {"class": 35, "groups": ["3501"]}]
        for bad in ([{"class": 46}], [{"class": 9, "groups": ["3501"]}], [{"class": 9}, {"class": 9}], ["9"]):
            with pytest.raises(ServiceError) as exc:
                services.right_update(actor=world.examiner, right=mark, nice_classes=bad)
            assert "nice_classes" in exc.value.fields, bad

    def test_classification_belongs_to_its_kind(self, world):
        with pytest.raises(ServiceError) as exc:
            services.right_update(actor=world.examiner, right=make_patent(world.examiner), nice_classes=[{"class": 9}])
        assert "nice_classes" in exc.value.fields
        with pytest.raises(ServiceError) as exc:
            services.right_update(actor=world.examiner, right=make_mark(world.examiner), ipc_codes=["G06F 16/245"])
        assert "ipc_codes" in exc.value.fields

    def test_bad_ipc(self, world):
        with pytest.raises(ServiceError) as exc:
            services.right_update(actor=world.examiner, right=make_patent(world.examiner), ipc_codes=["G06F 16"])
        assert "ipc_codes" in exc.value.fields

    def test_only_writers(self, world):
        with pytest.raises(PermissionDenied):
            services.right_update(actor=world.liaison_a, right=make_patent(world.examiner), title="x")

    def test_mark_image_png_and_jpeg(self, world, media):
        mark = make_mark(world.examiner)
        done = services.right_update(actor=world.examiner, right=mark, mark_image=image_file("PNG"))
        assert done.mark_image.name.startswith("marks/") and done.mark_image.name.endswith(".png")
        done = services.right_update(actor=world.examiner, right=done, mark_image=image_file("JPEG"))
        assert done.mark_image.name.endswith(".jpg")
        done = services.right_update(actor=world.examiner, right=done, remove_mark_image=True)
        assert not Right.objects.get(pk=mark.pk).mark_image

    @pytest.mark.parametrize(
        "upload",
        [
            lambda: image_file("GIF"),
            lambda: SimpleUploadedFile("fake.png", b"\x89PNG\r\n\x1a\n not really a png", content_type="image/png"),
            lambda: SimpleUploadedFile("note.jpg", "商标".encode(), content_type="image/jpeg"),
            big_png,
        ],
        ids=["gif", "fake-png", "text", "oversize"],
    )
    def test_mark_image_refused(self, world, media, upload):
        mark = make_mark(world.examiner)
        with pytest.raises(ServiceError) as exc:
            services.right_update(actor=world.examiner, right=mark, mark_image=upload())
        assert "mark_image" in exc.value.fields
        assert not Right.objects.get(pk=mark.pk).mark_image

    def test_no_mark_image_on_a_patent(self, world, media):
        with pytest.raises(ServiceError) as exc:
            services.right_update(actor=world.examiner, right=make_patent(world.examiner), mark_image=image_file())
        assert "mark_image" in exc.value.fields


@pytest.mark.django_db
class TestCreateService:
    def test_duplicate_number_in_another_spelling(self, world):
        right = make_patent(world.examiner)
        with pytest.raises(ServiceError) as exc:
            make_patent(world.judge_a, number="ZL2018 1 0557067.3")
        assert exc.value.code == ErrorCode.RIGHT_DUPLICATE and exc.value.fields["existing_id"] == [str(right.pk)]

    @pytest.mark.parametrize(
        ("number", "code"),
        [("201910000001.8", "bad_check_character"), (patent_number(2019, 4, 1), "bad_kind_digit")],
        ids=["check-character", "kind-digit"],
    )
    def test_bad_numbers(self, world, number, code):
        with pytest.raises(ServiceError) as exc:
            make_patent(world.judge_a, number=number)
        assert exc.value.fields["number_error"] == [code]

    def test_future_filing_date(self, world):
        with pytest.raises(ServiceError) as exc:
            make_patent(world.judge_a, filing_date=datetime.date.today() + datetime.timedelta(days=1))
        assert "filing_date" in exc.value.fields


@pytest.mark.django_db
class TestCreatePage:
    @pytest.mark.parametrize(
        ("who", "status"), [("judge_a", 200), ("clerk_a", 200), ("examiner", 200), ("liaison_a", 403), ("handler", 403), ("external", 403)]
    )
    def test_who_may_open_it(self, world, login, who, status):
        assert login(getattr(world, who)).get(reverse("registry:right_create")).status_code == status

    def test_links_only_for_writers(self, world, login):
        right = make_patent(world.examiner)
        create, edit = reverse("registry:right_create"), reverse("registry:right_edit", args=[right.pk])
        for user, shown in ((world.judge_a, True), (world.liaison_a, False)):
            client = login(user)
            assert (create in client.get(reverse("registry:right_search")).content.decode()) is shown
            assert (edit in client.get(reverse("registry:right_detail", args=[right.pk])).content.decode()) is shown

    def test_create_a_patent_with_applicants(self, world, login):
        first, second = org(world.judge_a, name="甲科技有限公司"), org(world.judge_a, name="乙科技有限公司")
        data = {**NEW, "ipc_codes": "G06F 16/245；G06N 3/08", "applicants": f"{second.pk}，{first.pk}"}
        response = login(world.judge_a).post(reverse("registry:right_create"), data)
        right = Right.objects.get(number="201910000001.9")
        assert response.status_code == 302 and response.url == reverse("registry:right_detail", args=[right.pk])
        assert right.patent_kind == "invention" and right.ipc_codes == ["G06F 16/245", "G06N 3/08"]
        assert right.owner_name == "乙科技有限公司" and right.expiry_date == D(2039, 4, 30) and right.status == "pending"
        assert list(RightParty.objects.filter(right=right).order_by("order").values_list("party__name", "role")) == [
            ("乙科技有限公司", "applicant"),
            ("甲科技有限公司", "applicant"),
        ]
        assert right.agency == world.court_a and right.created_by == world.judge_a

    def test_create_a_trademark_with_nice_classes(self, world, login):
        data = {"kind": "trademark", "number": "５５６６７７８８", "title": "飞鸟", "filing_date": "2020-01-02", "visibility": "network"}
        data.update(nice_classes="9: 0901 0907\n第35类：3501", classification_edition="NCL11-2020")
        response = login(world.examiner).post(reverse("registry:right_create"), data)
        assert response.status_code == 302
        mark = Right.objects.get(kind="trademark", number="55667788")
        assert mark.nice_classes == [{"class": 9, "groups": ["0901", "0907"]}, {"class": 35, "groups": ["3501"]}]
        assert mark.classification_edition == "NCL11-2020" and mark.visibility == "network" and mark.expiry_date is None

    @pytest.mark.parametrize(
        ("change", "field", "text"),
        [
            ({"number": "201910000001.8"}, "number", "校验位不正确"),
            ({"number": patent_number(2019, 4, 1)}, "number", "申请种类数字不正确"),
            ({"filing_date": "2999-01-01"}, "filing_date", "申请日不能晚于今天"),
            ({"applicants": "12x"}, "applicants", "当事人编号须为正整数"),
            ({"applicants": "999999"}, "applicants", "没有编号为 999999 的当事人"),
            ({"ipc_codes": "G06F 16"}, "ipc_codes", "IPC分类号格式不正确"),
            ({"kind": "trademark", "number": "55667788", "nice_classes": "9: 3501"}, "nice_classes", "不属于第9类"),
            ({"kind": "trademark", "number": "55667788", "nice_classes": "九: 0901"}, "nice_classes", "无法识别的尼斯分类"),
        ],
        ids=["check-character", "kind-digit", "future", "applicant-id", "applicant-missing", "ipc", "nice-group", "nice-line"],
    )
    def test_bad_input(self, world, login, change, field, text):
        response = login(world.judge_a).post(reverse("registry:right_create"), {**NEW, **change})
        assert response.status_code == 400 and text in response.content.decode()
        assert field in response.context["form"].errors
        assert not Right.objects.exists()

    def test_duplicate_number(self, world, login):
        make_patent(world.examiner)
        response = login(world.judge_a).post(reverse("registry:right_create"), {**NEW, "number": "ZL 2018 1 0557067.3", "filing_date": "2018-06-01"})
        assert response.status_code == 400 and "已有该申请号" in response.content.decode()
        assert Right.objects.count() == 1

    def test_applicant_out_of_reach_or_merged(self, world, login):
        hidden = Party.objects.create(kind="organization", name="乙院内部当事人", normalized_name="乙院内部当事人", agency=world.court_b, visibility="private")
        keep, gone = org(world.judge_a, name="丙科技有限公司"), org(world.judge_a, name="丙科技有限责任公司")
        services.party_merge(actor=world.judge_a, keep=keep, duplicate=gone)
        client = login(world.judge_a)
        for pk, text in ((hidden.pk, f"没有编号为 {hidden.pk} 的当事人"), (gone.pk, "已合并至")):
            response = client.post(reverse("registry:right_create"), {**NEW, "applicants": str(pk)})
            assert response.status_code == 400 and text in response.content.decode()
        assert not Right.objects.exists()


@pytest.mark.django_db
class TestEditPage:
    @pytest.mark.parametrize(("who", "status"), [("judge_a", 200), ("judge_b", 200), ("examiner", 200), ("liaison_a", 403), ("external", 403)])
    def test_who_may_open_it(self, world, login, who, status):
        right = make_patent(world.examiner)
        assert login(getattr(world, who)).get(reverse("registry:right_edit", args=[right.pk])).status_code == status

    def test_private_right_out_of_reach(self, world, login):
        right = make_patent(world.examiner, visibility="private")
        assert login(world.judge_b).get(reverse("registry:right_edit", args=[right.pk])).status_code == 404
        assert login(world.judge_b).post(reverse("registry:right_edit", args=[right.pk]), {"title": "x"}).status_code == 404
        assert login(world.examiner).get(reverse("registry:right_edit", args=[right.pk])).status_code == 200

    def test_edit_patent(self, world, login):
        right = make_patent(world.examiner)
        services.record_event(world.examiner, right, "granted", D(2020, 1, 1))
        client = login(world.judge_a)
        form = client.get(reverse("registry:right_edit", args=[right.pk])).content.decode()
        assert 'name="ipc_codes"' in form and 'name="mark_image"' not in form and 'name="status"' not in form
        response = client.post(
            reverse("registry:right_edit", args=[right.pk]), {"title": "一种改进的图像处理方法", "ipc_codes": "G06T 7/00", "status": "invalid"}
        )
        assert response.status_code == 302
        right.refresh_from_db()
        assert right.title == "一种改进的图像处理方法" and right.ipc_codes == ["G06T 7/00"] and right.status == "granted"
        # the new title is found by the search
        found = client.get(reverse("registry:right_search"), {"q": "改进的图像处理"}).content.decode()
        assert "201810557067.3" in found

    def test_edit_mark_with_image(self, world, login, media):
        mark = make_mark(world.examiner, nice_classes=[{"class": 9, "groups": ["0901"]}])
        client = login(world.examiner)
        form = client.get(reverse("registry:right_edit", args=[mark.pk])).content.decode()
        assert "9: 0901" in form and 'enctype="multipart/form-data"' in form and 'name="ipc_codes"' not in form
        data = {"title": "飞鸟", "nice_classes": "9: 0901\n35: 3501", "classification_edition": "NCL12-2024", "mark_image": image_file("PNG")}
        assert client.post(reverse("registry:right_edit", args=[mark.pk]), data).status_code == 302
        mark.refresh_from_db()
        assert mark.nice_classes[1] == {"class": 35, "groups": ["3501"]} and mark.mark_image
        image_url = reverse("registry:right_mark_image", args=[mark.pk])
        assert image_url in client.get(reverse("registry:right_detail", args=[mark.pk])).content.decode()
        served = login(world.judge_b).get(image_url)
        assert served.status_code == 200 and served["Content-Type"] == "image/png" and b"".join(served.streaming_content).startswith(b"\x89PNG")

    def test_oversize_and_wrong_type_images(self, world, login, media):
        mark = make_mark(world.examiner)
        client = login(world.examiner)
        for upload, text in ((big_png(), "不能超过2 MB"), (image_file("GIF"), "须为PNG或JPEG")):
            response = client.post(reverse("registry:right_edit", args=[mark.pk]), {"title": "飞鸟", "mark_image": upload})
            assert response.status_code == 400 and text in response.content.decode()
        mark.refresh_from_db()
        assert not mark.mark_image

    def test_private_mark_image_out_of_reach(self, world, login, media):
        mark = make_mark(world.examiner, visibility="private")
        services.right_update(actor=world.examiner, right=mark, mark_image=image_file())
        url = reverse("registry:right_mark_image", args=[mark.pk])
        assert login(world.judge_b).get(url).status_code == 404
        assert login(world.examiner).get(url).status_code == 200

    def test_empty_title_refused(self, world, login):
        right = make_patent(world.examiner)
        response = login(world.judge_a).post(reverse("registry:right_edit", args=[right.pk]), {"title": ""})
        assert response.status_code == 400
        right.refresh_from_db()
        assert right.title == "一种图像处理方法"

    def test_edit_page_queries_are_bounded(self, world, login, django_assert_max_num_queries):
        mark = make_mark(world.examiner, nice_classes=[{"class": c, "groups": [f"{c:02d}01"]} for c in range(1, 46)])
        client = login(world.judge_a)
        with django_assert_max_num_queries(8):
            response = client.get(reverse("registry:right_edit", args=[mark.pk]))
        assert response.status_code == 200
