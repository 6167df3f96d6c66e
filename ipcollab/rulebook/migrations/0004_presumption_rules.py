from django.db import migrations


def load(apps, schema_editor):
    from ipcollab.rulebook.legal_rules import RULES
    from ipcollab.rulebook.loader import sync_rules

    sync_rules(RULES, apps=apps)


class Migration(migrations.Migration):
    dependencies = [("rulebook", "0003_seed_jurisdiction")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
