from django.db import migrations


def load(apps, schema_editor):
    from ipcollab.orgs.loader import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_division_short_name")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
