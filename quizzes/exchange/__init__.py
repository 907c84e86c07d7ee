"""Question exchange: GIFT and Moodle XML (export and import) and QTI 3.0 packages (export).

Each exporter returns what it wrote together with warnings for what the format cannot hold;
each importer returns QuestionRecords with warnings, or raises an `ExchangeError` subclass that
lists every problem found.
"""

from __future__ import annotations

from quizzes.exchange.common import (
    ExchangeError,
    ExportResult,
    ImportDefaults,
    ImportResult,
)
from quizzes.exchange.gift import GiftError, export_gift, import_gift
from quizzes.exchange.moodle_xml import MoodleXmlError, export_moodle_xml, import_moodle_xml
from quizzes.exchange.qti import QtiPackage, export_qti_package

__all__ = [
    "ExchangeError",
    "ExportResult",
    "GiftError",
    "ImportDefaults",
    "ImportResult",
    "MoodleXmlError",
    "QtiPackage",
    "export_gift",
    "export_moodle_xml",
    "export_qti_package",
    "import_gift",
    "import_moodle_xml",
]
