"""The search index: one row per indexed record, holding its text already tokenized.

The full-text structure on top of ``tokens`` depends on the database (migration 0002):
SQLite keeps an FTS5 table ``search_fts`` in step through triggers, PostgreSQL a generated
``tsv`` column with a GIN index. Neither is a Django field: go through
:mod:`ipcollab.search.index`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    doc_type = models.SlugField(_("文档类型"), max_length=64)
    object_id = models.CharField(_("对象标识"), max_length=64)
    # The owning agency and a visibility word, for callers that filter on them in SQL.
    owner_agency_id = models.BigIntegerField(_("所属机构"), null=True, blank=True, db_index=True)
    visibility = models.CharField(_("可见范围"), max_length=32, default="public")
    tokens = models.TextField(_("词元"), blank=True, default="")
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "object_id"], name="search_entry_unique_object"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_id}"
