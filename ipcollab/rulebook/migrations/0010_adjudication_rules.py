from django.db import migrations


def load(apps, schema_editor):
    from ipcollab.rulebook.legal_rules import RULES
    from ipcollab.rulebook.loader import sync_rules

    sync_rules(RULES, apps=apps)


class Migration(migrations.Migration):
    """Administrative adjudication of patent disputes and its enforcement (issue 7)."""

    dependencies = [("rulebook", "0009_mediation_rules")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
