from django.db import migrations


def load(apps, schema_editor):
    from ipcollab.rulebook.loader import sync_jurisdiction

    sync_jurisdiction(apps)


class Migration(migrations.Migration):
    dependencies = [("rulebook", "0002_seed_rules"), ("orgs", "0003_reference_data")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
