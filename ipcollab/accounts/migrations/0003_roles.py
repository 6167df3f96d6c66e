from django.db import migrations


def seed_roles(apps, schema_editor):
    from ipcollab.accounts.roles import ROLES

    Role = apps.get_model("accounts", "Role")
    for order, (code, name, name_en, scope, kinds, description) in enumerate(ROLES, start=1):
        Role.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "scope": scope, "agency_kinds": kinds, "description": description, "order": order * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]
    operations = [migrations.RunPython(seed_roles, migrations.RunPython.noop)]
