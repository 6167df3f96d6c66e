"""The database sequence that breaks ties between receipts at the same instant (PostgreSQL; on
SQLite the IMMEDIATE write lock orders receipts and max + 1 is used)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE SEQUENCE IF NOT EXISTS preservation_receipt_seq")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP SEQUENCE IF EXISTS preservation_receipt_seq")


class Migration(migrations.Migration):
    dependencies = [("preservation", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
