import pytest
from django.db import connection
from django.db.models import CharField
from django.utils import timezone

from ipcollab.identifiers.errors import IdentifierError
from ipcollab.identifiers.patents import parse_patent_number
from ipcollab.orgs.models import Agency
from ipcollab.search import fulltext
from ipcollab.search.index import (
    MAX_INDEX_CHARS,
    IndexRow,
    index_document,
    index_many,
    matching_entries,
    matching_ids_subquery,
    rebuild,
    remove_document,
    remove_documents,
    search,
)
from ipcollab.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def number_query(text):
    """What a caller does with a number typed by a user: normalise it if it is one."""
    try:
        return parse_patent_number(text).normalized
    except IdentifierError:
        return text


@pytest.fixture
def patents():
    index_document("patent", 1, "201810557067.3", "一种图像处理方法及装置", "華為技術有限公司")
    index_document("patent", 2, "202010123456.X", "基于深度学习的目标检测方法", "腾讯科技（深圳）有限公司")
    index_document("patent", 3, "201910000001.5", "图像压缩装置", "Sony Corporation ソニー株式会社")


def test_simplified_query_finds_traditional_text(patents):
    assert search("patent", "华为技术") == ["1"]


def test_traditional_query_finds_simplified_text(patents):
    assert search("patent", "騰訊科技") == ["2"]
    assert search("patent", "圖像處理") == ["1"]


def test_all_tokens_must_match(patents):
    assert sorted(search("patent", "图像")) == ["1", "3"]
    assert search("patent", "图像 压缩") == ["3"]
    assert search("patent", "图像 不存在的词") == []


@pytest.mark.parametrize(
    "typed",
    [
        "201810557067.3",
        "2018105570673",
        "２０１８１０５５７０６７．３",
        "ZL201810557067.3",
        "ZL 2018 1 0557067.3",
        "zl２０１８ １ ０５５７０６７.３",
        "CN 2018105570673",
    ],
)
def test_a_patent_number_in_any_spelling_finds_the_patent(patents, typed):
    assert search("patent", number_query(typed)) == ["1"]


def test_the_tokenizer_alone_matches_a_number_with_and_without_its_dot(patents):
    assert search("patent", "2018105570673") == ["1"]
    assert search("patent", "２０１８１０５５７０６７．３") == ["1"]
    assert search("patent", "202010123456.x") == ["2"]


def test_latin_and_kana_text_is_found(patents):
    assert search("patent", "SONY corporation") == ["3"]
    assert search("patent", "ソニー") == ["3"]


def test_doc_types_are_separate(patents):
    index_document("trademark", 1, "华为")
    assert search("trademark", "华为") == ["1"]
    assert search("patent", "华为") == ["1"]
    remove_document("trademark", 1)
    assert search("trademark", "华为") == []
    assert search("patent", "华为") == ["1"]


def test_ranking_puts_the_closer_match_first():
    index_document("doc", "long", "专利 " + " ".join(f"填充词{i}" for i in range(200)))
    index_document("doc", "short", "专利侵权纠纷")
    index_document("doc", "repeated", "专利 专利 专利 纠纷")
    ranked = search("doc", "专利")
    assert set(ranked) == {"long", "short", "repeated"}
    assert ranked[-1] == "long"
    assert ranked.index("repeated") < ranked.index("long")


def test_limit_is_respected():
    index_many("doc", (IndexRow(i, "同一个词") for i in range(30)))
    assert len(search("doc", "同一个词", limit=5)) == 5
    assert len(search("doc", "同一个词")) == 30
    assert search("doc", "同一个词", limit=0) == []
    assert len(search("doc", "同一个词", limit=-3)) == 0


def test_upsert_replaces_the_text():
    index_document("doc", "a", "旧的标题")
    index_document("doc", "a", "新的标题", agency_id=7, visibility="agency")
    assert SearchEntry.objects.filter(doc_type="doc").count() == 1
    entry = SearchEntry.objects.get(doc_type="doc", object_id="a")
    assert (entry.owner_agency_id, entry.visibility) == (7, "agency")
    assert search("doc", "旧的") == []
    assert search("doc", "新的标题") == ["a"]


def test_removal():
    index_many("doc", [("a", "知识产权"), ("b", "知识产权"), ("c", "知识产权")])
    assert remove_document("doc", "a") is True
    assert remove_document("doc", "a") is False
    assert sorted(search("doc", "知识产权")) == ["b", "c"]
    assert remove_documents("doc", ["b", "c", "missing"]) == 2
    assert search("doc", "知识产权") == []
    assert SearchEntry.objects.count() == 0


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        None,
        42,
        '"',
        '""',
        "'",
        "' OR 1=1 --",
        '"; DROP TABLE search_searchentry; --',
        "AND",
        "OR OR",
        "NOT 华为",
        "NEAR(华为 技术)",
        "华为*",
        "*",
        "^华为",
        "tokens:华为",
        "{tokens}:华为",
        "a & b | !c <-> d",
        "'a':* & b",
        "\\",
        "\x00",
        "😀🎉",
        "华为😀技术",
        "(((((",
        "华为 " * 5000,
        "x" * 100_000,
    ],
)
def test_odd_queries_never_fail(patents, query):
    result = search("patent", query)
    assert isinstance(result, list)
    assert set(result) <= {"1", "2", "3"}
    assert matching_entries("patent", query).count() == len(search("patent", query, limit=1000))


def test_operator_words_are_plain_words():
    index_document("doc", "ops", "this AND that OR NEAR")
    index_document("doc", "other", "this that")
    assert search("doc", "AND") == ["ops"]
    assert search("doc", "near or") == ["ops"]
    assert search("doc", "NOT this") == []


def test_emoji_and_operators_in_the_query_are_ignored(patents):
    assert search("patent", "华为😀技术") == ["1"]
    assert search("patent", 'NEAR("华为" 技术)*') == []  # "near" is a word the patent lacks
    assert search("patent", '"华为" 技术*') == ["1"]


def test_very_long_text_is_indexed_up_to_the_limit():
    index_document("doc", "big", " ".join(f"word{i}" for i in range(50_000)))
    entry = SearchEntry.objects.get(doc_type="doc", object_id="big")
    assert len(entry.tokens) <= MAX_INDEX_CHARS
    assert search("doc", "word0 word100") == ["big"]


def test_bad_doc_type_or_object_id_are_refused():
    with pytest.raises(ValueError):
        index_document("not a slug", 1, "x")
    with pytest.raises(ValueError):
        index_document("doc", "", "x")
    with pytest.raises(ValueError):
        index_document("doc", "x" * 65, "x")


def test_bulk_indexing_ten_thousand_rows():
    rows = ((i, f"专利 {i:05d} 第{i % 7}组", i % 3, "public" if i % 2 else "agency") for i in range(10_000))
    assert index_many("bulk", rows) == 10_000
    assert SearchEntry.objects.filter(doc_type="bulk").count() == 10_000
    assert len(search("bulk", "专利", limit=1000)) == 1000
    assert matching_entries("bulk", "专利").count() == 10_000
    assert matching_entries("bulk", "第3组").count() == len([i for i in range(10_000) if i % 7 == 3])
    assert search("bulk", "04242") == ["4242"]
    assert matching_entries("bulk", "专利").filter(owner_agency_id=1, visibility="public").count() == len([i for i in range(10_000) if i % 3 == 1 and i % 2])
    # Re-indexing the same ids updates in place.
    assert index_many("bulk", ({"object_id": i, "texts": ["商标", str(i)]} for i in range(0, 10_000, 2))) == 5_000
    assert SearchEntry.objects.filter(doc_type="bulk").count() == 10_000
    assert matching_entries("bulk", "商标").count() == 5_000
    assert matching_entries("bulk", "专利").count() == 5_000


def test_duplicate_ids_within_one_call_keep_the_last_row():
    assert index_many("doc", [("a", "第一"), ("a", "第二")], batch_size=10) == 1
    assert search("doc", "第二") == ["a"]
    assert search("doc", "第一") == []


def test_a_selector_filters_visibility_in_sql(world, django_assert_num_queries):
    """The way a module searches: its own queryset, its own reach filter, the index as a subquery."""
    for agency in (world.court_a, world.court_b, world.office):
        index_document("agency", agency.pk, agency.name, agency.short_name, agency_id=agency.pk)
    own = Agency.objects.filter(pk=world.court_a.pk)  # stands in for a selector's reach filter
    with django_assert_num_queries(1):
        found = list(own.filter(pk__in=matching_ids_subquery("agency", "測試 高級人民法院")))
    assert found == [world.court_a]
    everyone = Agency.objects.filter(pk__in=matching_ids_subquery("agency", "高级人民法院"))
    assert set(everyone) == {world.court_a, world.court_b}
    assert not Agency.objects.filter(pk__in=matching_ids_subquery("agency", "")).exists()
    assert not Agency.objects.filter(pk__in=matching_ids_subquery("agency", "' OR 1=1 --")).exists()


def test_the_subquery_can_compare_text_keys():
    index_document("code", "t-court-a", "甲")
    ids = SearchEntry.objects.filter(object_id__in=matching_ids_subquery("code", "甲", cast_to=CharField()))
    assert [entry.object_id for entry in ids] == ["t-court-a"]


def test_rebuild_restores_a_lost_full_text_structure():
    index_document("doc", "a", "知识产权保护")
    fulltext.uninstall(connection)  # what a table rebuild by a later SQLite migration does
    SearchEntry.objects.create(doc_type="doc", object_id="b", tokens="产权 权保 保护", updated_at=timezone.now())
    rebuild()
    assert sorted(search("doc", "产权保护")) == ["a", "b"]
    rebuild()
    assert sorted(search("doc", "产权保护")) == ["a", "b"]


def test_the_full_text_structure_exists():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_searchentry'")
            assert {row[0] for row in cursor.fetchall()} == {
                "search_entry_fts_insert",
                "search_entry_fts_delete",
                "search_entry_fts_update",
            }
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'search_searchentry'")
            assert "search_entry_tsv_gin" in {row[0] for row in cursor.fetchall()}
