from django.db import migrations


def load(apps, schema_editor):
    from ipcollab.rulebook.legal_rules import RULES
    from ipcollab.rulebook.loader import sync_rules

    sync_rules(RULES, apps=apps)


class Migration(migrations.Migration):
    """Trial time limits (审限) of civil and administrative cases at first and second instance."""

    dependencies = [("rulebook", "0007_stay_rules")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
