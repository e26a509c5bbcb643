"""Bulk import of decisions and recommendations from the Ombudsman's case data (CSV or XLSX).

`decisions_import` serves the management command, the admin upload page and the tests alike.
"""

from .core import ImportSummary, decisions_import

__all__ = ["ImportSummary", "decisions_import"]
