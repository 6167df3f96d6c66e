from django.db import migrations


def load(apps, schema_editor):
    from ipcollab.rulebook.legal_rules import RULES
    from ipcollab.rulebook.loader import sync_rules

    sync_rules(RULES, apps=apps)


class Migration(migrations.Migration):
    """Terms of patents and trademarks, trademark renewal windows, patent restoration of rights."""

    dependencies = [("rulebook", "0004_presumption_rules")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
