# SPDX-License-Identifier: MIT
"""The Qt face of the 接诉即办 domain: its page (list, detail, actions, 三率 trend, 主动治理)."""

from __future__ import annotations

from jiedao_desk.domains.hotline.pages.page import HotlinePage

__all__ = ["HotlinePage"]
