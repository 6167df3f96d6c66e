"""Identifiers of the domain: court case numbers, patent numbers, trademark numbers, unified
social credit codes and GB/T 2260 division codes. Pure Python: no Django, no database, nothing
else from ``ipcollab``. Every parser normalises at the edge and raises :class:`IdentifierError`
(a ``ValueError`` with a stable ``.code``). See docs/identifiers.md.
"""

from .case_numbers import CaseNumber, format_case_number, is_legacy_case_number, parse_case_number
from .case_types import CASE_TYPE_TABLE_EFFECTIVE, CASE_TYPE_TABLE_SOURCE, CASE_TYPE_TABLE_VERSION, CASE_TYPES, CaseType
from .errors import CODES, IdentifierError
from .patents import PatentNumber, format_patent_number, parse_patent_number, patent_check_character
from .regions import RegionCode, region_table, validate_region_code
from .trademarks import TrademarkNumber, parse_trademark_number
from .uscc import organization_code_check_character, uscc_check_character, validate_uscc

__all__ = [
    "CASE_TYPES",
    "CASE_TYPE_TABLE_EFFECTIVE",
    "CASE_TYPE_TABLE_SOURCE",
    "CASE_TYPE_TABLE_VERSION",
    "CODES",
    "CaseNumber",
    "CaseType",
    "IdentifierError",
    "PatentNumber",
    "RegionCode",
    "TrademarkNumber",
    "format_case_number",
    "format_patent_number",
    "is_legacy_case_number",
    "organization_code_check_character",
    "parse_case_number",
    "parse_patent_number",
    "parse_trademark_number",
    "patent_check_character",
    "region_table",
    "uscc_check_character",
    "validate_region_code",
    "validate_uscc",
]
