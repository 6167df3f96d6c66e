"""Index records and search them (DESIGN §3 "Search"). See docs/search.md.

Writing: :func:`index_document` (one record, upsert), :func:`index_many` (bulk upsert, one
statement per batch), :func:`remove_document` / :func:`remove_documents`.

Reading: :func:`search` returns object ids best first; :func:`matching_ids_subquery` returns a
subquery for ``queryset.filter(pk__in=...)`` so that the caller's selector keeps visibility
filtering (and its own ordering) in SQL.

Every query is tokenized with the same tokenizer as the indexed text; all tokens must match
(AND). Tokens are quoted for the query language of the backend, so operators typed by users
(``AND``, ``OR``, ``NEAR``, ``*``, quotes) are plain words, never syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import BigIntegerField, BooleanField, Field, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils import timezone

from . import fulltext
from .models import SearchEntry
from .tokenizer import query_tokens, tokenize

#: Characters of a query looked at; the rest is ignored.
MAX_QUERY_LENGTH = 1000
#: Characters of stored tokens per record (PostgreSQL's tsvector holds at most 1 MB).
MAX_INDEX_CHARS = 100_000
#: Rows per INSERT of :func:`index_many`.
BATCH_SIZE = 500
#: Most ids :func:`search` returns.
MAX_LIMIT = 1000

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_OBJECT_ID_MAX = SearchEntry._meta.get_field("object_id").max_length
_VISIBILITY_MAX = SearchEntry._meta.get_field("visibility").max_length
_DOC_TYPE_MAX = SearchEntry._meta.get_field("doc_type").max_length


class IndexRow(NamedTuple):
    """One record for :func:`index_many`: ``texts`` is a string or a sequence of strings."""

    object_id: object
    texts: object
    agency_id: int | None = None
    visibility: str = "public"


def _check_doc_type(doc_type: str) -> str:
    if not isinstance(doc_type, str) or not _SLUG.fullmatch(doc_type) or len(doc_type) > _DOC_TYPE_MAX:
        raise ValueError(f"doc_type must be a slug of at most {_DOC_TYPE_MAX} characters: {doc_type!r}")
    return doc_type


def _object_id(value: object) -> str:
    text = str(value)
    if not text or len(text) > _OBJECT_ID_MAX:
        raise ValueError(f"object_id must have 1 to {_OBJECT_ID_MAX} characters: {value!r}")
    return text


def stored_tokens(*texts: object) -> str:
    """The tokens of ``texts`` (``None`` skipped, sequences flattened) as stored: space-joined,
    cut at a token boundary after :data:`MAX_INDEX_CHARS` characters."""
    parts: list[str] = []
    size = 0
    for text in _flatten(texts):
        for token in tokenize(text):
            size += len(token) + 1
            if size > MAX_INDEX_CHARS + 1:
                return " ".join(parts)
            parts.append(token)
    return " ".join(parts)


def _flatten(texts: Iterable[object]) -> Iterable[str]:
    for text in texts:
        if text is None:
            continue
        if isinstance(text, (list, tuple)):
            yield from _flatten(text)
        else:
            yield str(text)


def _entry(doc_type: str, row: IndexRow, now) -> SearchEntry:
    visibility = str(row.visibility)
    if len(visibility) > _VISIBILITY_MAX:
        raise ValueError(f"visibility has more than {_VISIBILITY_MAX} characters: {visibility!r}")
    return SearchEntry(
        doc_type=doc_type,
        object_id=_object_id(row.object_id),
        owner_agency_id=row.agency_id,
        visibility=visibility,
        tokens=stored_tokens(row.texts),
        updated_at=now,
    )


def _upsert(entries: Sequence[SearchEntry]) -> None:
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["doc_type", "object_id"],
        update_fields=["owner_agency_id", "visibility", "tokens", "updated_at"],
    )


def index_many(doc_type: str, rows: Iterable[IndexRow | tuple | dict], *, batch_size: int = BATCH_SIZE) -> int:
    """Insert or replace the entries of ``rows`` (``IndexRow``, tuples in its field order or
    dicts with its field names); one INSERT … ON CONFLICT statement per batch, all in one
    transaction. Within the call, the last row of an object id wins. Returns the rows written."""
    _check_doc_type(doc_type)
    now = timezone.now()
    written = 0
    batch: dict[str, SearchEntry] = {}
    with transaction.atomic():
        for raw in rows:
            row = IndexRow(**raw) if isinstance(raw, dict) else IndexRow(*raw)
            entry = _entry(doc_type, row, now)
            batch[entry.object_id] = entry
            if len(batch) >= batch_size:
                _upsert(list(batch.values()))
                written += len(batch)
                batch = {}
        if batch:
            _upsert(list(batch.values()))
            written += len(batch)
    return written


def index_document(doc_type: str, object_id: object, *texts: object, agency_id: int | None = None, visibility: str = "public") -> None:
    """Insert or replace the entry of one record with the tokens of ``texts``."""
    index_many(doc_type, [IndexRow(object_id, texts, agency_id, visibility)])


def remove_document(doc_type: str, object_id: object) -> bool:
    """Remove a record's entry; True if there was one."""
    deleted, _ = SearchEntry.objects.filter(doc_type=doc_type, object_id=str(object_id)).delete()
    return bool(deleted)


def remove_documents(doc_type: str, object_ids: Iterable[object]) -> int:
    """Remove the entries of ``object_ids``; returns how many there were."""
    ids = [str(object_id) for object_id in object_ids]
    deleted = 0
    for start in range(0, len(ids), BATCH_SIZE):
        count, _ = SearchEntry.objects.filter(doc_type=doc_type, object_id__in=ids[start : start + BATCH_SIZE]).delete()
        deleted += count
    return deleted


def rebuild() -> None:
    """Recreate the full-text structure and refill it from the stored tokens (after a restore,
    or after a migration that rebuilt ``search_searchentry`` on SQLite)."""
    with transaction.atomic():
        fulltext.install(connection)  # on SQLite its last statement refills search_fts


# --- queries -------------------------------------------------------------------------------


def _tokens_of(query: object) -> list[str]:
    if not isinstance(query, str):
        return []
    return query_tokens(query[:MAX_QUERY_LENGTH])


def fts5_query(tokens: Sequence[str]) -> str:
    """``"t1" "t2"``: every token a quoted string (AND), inner double quotes doubled."""
    return " ".join('"' + token.replace('"', '""') + '"' for token in tokens)


def tsquery(tokens: Sequence[str]) -> str:
    """``'t1' & 't2'``: quoted lexemes for a ``::tsquery`` cast (no parser, no dictionary)."""
    return " & ".join("'" + token.replace("\\", "\\\\").replace("'", "''") + "'" for token in tokens)


def _vendor() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"ipcollab.search supports SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def search(doc_type: str, query: object, *, limit: int = 50) -> list[str]:
    """Object ids of ``doc_type`` whose text contains every token of ``query``, best first
    (bm25 on SQLite, ts_rank on PostgreSQL; ties by indexing order). An empty query, or one
    without a single token, finds nothing. No visibility filter: callers that need one use
    :func:`matching_ids_subquery` in their selector."""
    tokens = _tokens_of(query)
    limit = max(0, min(int(limit), MAX_LIMIT))
    if not tokens or not limit:
        return []
    if _vendor() == "sqlite":
        sql = (
            "SELECT e.object_id FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid "
            "WHERE search_fts MATCH %s AND e.doc_type = %s ORDER BY bm25(search_fts), e.id LIMIT %s"
        )
        params = [fts5_query(tokens), doc_type, limit]
    else:
        sql = "SELECT object_id FROM search_searchentry WHERE doc_type = %s AND tsv @@ %s::tsquery ORDER BY ts_rank(tsv, %s::tsquery, 1) DESC, id LIMIT %s"
        query_text = tsquery(tokens)
        params = [doc_type, query_text, query_text, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def matching_entries(doc_type: str, query: object) -> QuerySet[SearchEntry]:
    """The entries of ``doc_type`` matching every token of ``query`` (unordered)."""
    tokens = _tokens_of(query)
    entries = SearchEntry.objects.filter(doc_type=doc_type)
    if not tokens:
        return entries.none()
    if _vendor() == "sqlite":
        return entries.filter(id__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [fts5_query(tokens)]))
    return entries.filter(RawSQL("tsv @@ %s::tsquery", [tsquery(tokens)], output_field=BooleanField()))


def matching_ids_subquery(doc_type: str, query: object, *, cast_to: Field | None = None) -> QuerySet:
    """A one-column subquery of the object ids of ``doc_type`` matching ``query``, for
    ``Model.objects.filter(pk__in=matching_ids_subquery(...))``. The ids are cast to
    ``cast_to`` (default: ``BigIntegerField()``, right for integer primary keys; pass e.g.
    ``CharField()`` for text keys) because PostgreSQL does not compare integers with text."""
    output = cast_to if cast_to is not None else BigIntegerField()
    return matching_entries(doc_type, query).annotate(matched_id=Cast("object_id", output)).values("matched_id")
