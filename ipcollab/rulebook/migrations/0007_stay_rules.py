from django.db import migrations


def load(apps, schema_editor):
    from ipcollab.rulebook.legal_rules import RULES
    from ipcollab.rulebook.loader import sync_rules

    sync_rules(RULES, apps=apps)


class Migration(migrations.Migration):
    """Coordination of infringement suits with invalidation (stay guidance, dismissal after
    invalidation) and the defence period (issue 6)."""

    dependencies = [("rulebook", "0006_guidance_category")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
