"""Idempotent loading of rules and jurisdiction tables from plain data, for data migrations.

A module that brings its own rules declares `RULES` (a list of specs.RuleSpec) in its
`legal_rules.py` and loads it from a data migration:

    def load(apps, schema_editor):
        from ipcollab.rulebook.loader import sync_rules
        from ipcollab.mymodule.legal_rules import RULES
        sync_rules(RULES, apps=apps)

    class Migration(migrations.Migration):
        dependencies = [("rulebook", "0002_seed_rules"), ...]
        operations = [migrations.RunPython(load, migrations.RunPython.noop)]

A version is matched by (code, effective_from). A new one is created through
registry.register_rule (schema and overlap checks); an existing one gets its descriptive fields
updated (title, basis, note, tag …) but keeps its parameters: parameters only change by a new
version (services.adjust_rule), never in place.
"""

from .registry import check_dates, check_parameters, register_rule

DESCRIPTIVE = ("module", "category", "title", "title_en", "legal_basis", "article", "law_version", "version_label", "verification", "note", "source_url")


def _model(apps, name):
    if apps is None:
        from django.apps import apps as live

        return live.get_model("rulebook", name)
    return apps.get_model("rulebook", name)


def sync_rules(specs, apps=None):
    """Create or update the versions in `specs`. Returns (created, updated)."""
    LegalRule = _model(apps, "LegalRule")
    created = updated = 0
    for spec in specs:
        data = spec.fields()
        row = LegalRule.objects.filter(code=data["code"], effective_from=data["effective_from"]).first()
        if row is None:
            register_rule(model=LegalRule, **data)
            created += 1
            continue
        changed = [k for k in DESCRIPTIVE if getattr(row, k) != data[k]]
        if data["effective_to"] != row.effective_to:
            check_dates(LegalRule, row.code, row.effective_from, data["effective_to"], exclude_pk=row.pk)
            row.effective_to = data["effective_to"]
            changed.append("effective_to")
        if data["parameters_schema"] != row.parameters_schema:
            check_parameters(row.parameters, data["parameters_schema"])
            row.parameters_schema = data["parameters_schema"]
            changed.append("parameters_schema")
        if changed:
            for k in DESCRIPTIVE:
                setattr(row, k, data[k])
            row.save()
            updated += 1
    return created, updated


def sync_jurisdiction(apps=None):
    """Load jurisdiction_data into the three tables; rows whose court, office or region is not on
    the platform are skipped. Returns the number of rows created."""
    from django.apps import apps as live_apps

    from . import jurisdiction_data as data

    registry = apps or live_apps
    Agency = registry.get_model("orgs", "Agency")
    Region = registry.get_model("orgs", "Region")
    First = _model(apps, "FirstInstanceJurisdiction")
    Appeal = _model(apps, "AppealRoute")
    Adjudication = _model(apps, "AdjudicationJurisdiction")

    courts = {a.court_code: a for a in Agency.objects.filter(kind="court").exclude(court_code="")}
    offices = {a.code: a for a in Agency.objects.filter(kind="ip_office")}
    regions = set(Region.objects.values_list("code", flat=True))

    def region_ok(code):
        return code is None or code in regions

    created = 0
    for category, region, court, rule, start, end, note in data.FIRST_INSTANCE:
        if court not in courts or not region_ok(region):
            continue
        _, made = First.objects.update_or_create(
            category=category,
            region_id=region,
            effective_from=start,
            defaults={"court": courts[court], "rule_code": rule, "effective_to": end, "note": note},
        )
        created += made
    for category, tier, region, target, rule, start, end, note in data.APPEALS:
        if (target is not None and target not in courts) or not region_ok(region):
            continue
        _, made = Appeal.objects.update_or_create(
            category=category,
            from_tier=tier,
            region_id=region,
            effective_from=start,
            defaults={"target": courts.get(target) if target else None, "rule_code": rule, "effective_to": end, "note": note},
        )
        created += made
    for scope, region, office, rule, start, end, note in data.ADJUDICATION:
        if office not in offices or not region_ok(region):
            continue
        _, made = Adjudication.objects.update_or_create(
            scope=scope,
            region_id=region,
            effective_from=start,
            defaults={"office": offices[office], "rule_code": rule, "effective_to": end, "note": note},
        )
        created += made
    return created
