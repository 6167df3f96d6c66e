"""Full-text index per database vendor: FTS5 + triggers on SQLite, generated tsvector + GIN on
PostgreSQL (see ipcollab/search/fulltext.py)."""

from django.db import migrations

from ipcollab.search import fulltext


def forwards(apps, schema_editor):
    fulltext.install(schema_editor.connection)


def backwards(apps, schema_editor):
    fulltext.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
