# SPDX-License-Identifier: MIT
"""Qt item models: windowed lists over ``store.lists.ListSource`` and small in-memory tables."""

from jiedao_desk.ui.models.windowed import ID_ROLE, WindowedTableModel, configure_view

__all__ = ["ID_ROLE", "WindowedTableModel", "configure_view"]
