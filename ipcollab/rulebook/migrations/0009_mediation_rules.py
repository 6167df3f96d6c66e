from django.db import migrations


def load(apps, schema_editor):
    from ipcollab.rulebook.legal_rules import RULES
    from ipcollab.rulebook.loader import sync_rules

    sync_rules(RULES, apps=apps)


class Migration(migrations.Migration):
    """Mediation periods and the pilot of judicial confirmation of administrative mediation agreements (issue 7)."""

    dependencies = [("rulebook", "0008_trial_time_limits")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
