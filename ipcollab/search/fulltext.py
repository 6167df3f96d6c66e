"""The full-text structure beside ``search_searchentry``, one per database vendor.

* SQLite: an external-content FTS5 table ``search_fts`` over ``tokens`` (``unicode61``, with ``.``
  as a token character so that ``201810557067.3`` stays one term), kept in step by three
  triggers. FTS5 tokenizers cannot be written in Python (DESIGN §8): the text arrives already
  tokenized by :mod:`ipcollab.search.tokenizer`, space-separated.
* PostgreSQL: a generated ``tsv`` column holding the stored tokens as lexemes verbatim
  (``array_to_tsvector``: no parser, no dictionary, so nothing is split or stemmed a second
  time) and a GIN index on it.

Used by migration 0002 and by :func:`ipcollab.search.index.rebuild`. :func:`install` is
idempotent. A future migration that alters ``SearchEntry`` makes Django rebuild the table on
SQLite, which drops the triggers: run :func:`install` (and ``rebuild``) again after it.
"""

from __future__ import annotations

SQLITE_INSTALL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "tokens, content='search_searchentry', content_rowid='id', "
    "tokenize=\"unicode61 remove_diacritics 0 tokenchars '.'\")",
    "CREATE TRIGGER IF NOT EXISTS search_entry_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS search_entry_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS search_entry_fts_update AFTER UPDATE OF id, tokens ON search_searchentry "
    "BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
)
SQLITE_UNINSTALL = (
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
)

POSTGRESQL_INSTALL = (
    "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS "
    "(array_to_tsvector(array_remove(string_to_array(tokens, ' '), ''))) STORED",
    "CREATE INDEX IF NOT EXISTS search_entry_tsv_gin ON search_searchentry USING gin (tsv)",
)
POSTGRESQL_UNINSTALL = (
    "DROP INDEX IF EXISTS search_entry_tsv_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
)

_STATEMENTS = {
    "sqlite": (SQLITE_INSTALL, SQLITE_UNINSTALL),
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_UNINSTALL),
}


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection) -> None:
    """Create the vendor's full-text structure (nothing on other vendors)."""
    if connection.vendor in _STATEMENTS:
        _run(connection, _STATEMENTS[connection.vendor][0])


def uninstall(connection) -> None:
    if connection.vendor in _STATEMENTS:
        _run(connection, _STATEMENTS[connection.vendor][1])
