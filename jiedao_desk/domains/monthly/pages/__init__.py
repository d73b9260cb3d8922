# SPDX-License-Identifier: MIT
"""The monthly report's Qt face: the home page's dashboard and the export dialog."""

from jiedao_desk.domains.monthly.pages.dashboard import Dashboard
from jiedao_desk.domains.monthly.pages.export_dialog import MonthlyExportDialog

__all__ = ["Dashboard", "MonthlyExportDialog"]
