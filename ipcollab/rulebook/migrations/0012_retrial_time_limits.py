from django.db import migrations


def load(apps, schema_editor):
    from ipcollab.rulebook.legal_rules import RULES
    from ipcollab.rulebook.loader import sync_rules

    sync_rules(RULES, apps=apps)


class Migration(migrations.Migration):
    """Trial time limits of administrative retrial reviews and criminal retrials (issue 6)."""

    dependencies = [("rulebook", "0011_more_time_limits")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
