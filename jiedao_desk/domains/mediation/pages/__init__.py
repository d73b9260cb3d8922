# SPDX-License-Identifier: MIT
"""The Qt face of people's mediation: the 人民调解 page."""

from jiedao_desk.domains.mediation.pages.page import MediationPage

__all__ = ["MediationPage"]
