from django.db import migrations


def load(apps, schema_editor):
    from ipcollab.rulebook.legal_rules import RULES
    from ipcollab.rulebook.loader import sync_rules

    sync_rules(RULES, apps=apps)


class Migration(migrations.Migration):
    """Trial time limits of criminal IP cases and of civil retrial reviews (issue 6)."""

    dependencies = [("rulebook", "0010_adjudication_rules")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
