from django.db import migrations


def load(apps, schema_editor):
    from ipcollab.adjudication.enforcement_courts import load as load_rows

    load_rows(apps.get_model("orgs", "Agency"), apps.get_model("adjudication", "EnforcementCourt"))


class Migration(migrations.Migration):
    dependencies = [("adjudication", "0001_initial"), ("orgs", "0004_hearing_rooms")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
