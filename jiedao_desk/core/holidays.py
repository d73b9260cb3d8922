# SPDX-License-Identifier: MIT
"""Public holidays of years for which no official day-by-day list is known yet.

The State Council publishes each year's holiday and make-up-workday (调休) notice around
November. For a year that neither the installed ``chinesecalendar`` nor an imported notice
covers, the days that the 《全国年节及纪念日放假办法》 itself fixes are still holidays —
only the 调休 (which weekend days become workdays, which workdays are bridged) is unknown. As
amended by 国务院令第795号 (in force from 2025-01-01; confidence: paraphrase, not re-read from
the gazette), the holidays for everybody are:

- 元旦: 1 January (1 day);
- 春节: 除夕 and 正月初一 to 初三 (4 days, lunar calendar);
- 清明节: the day of the 清明 solar term (1 day);
- 劳动节: 1 and 2 May (2 days);
- 端午节: 五月初五 (1 day, lunar); 中秋节: 八月十五 (1 day, lunar);
- 国庆节: 1 to 3 October (3 days).

These estimates are never "confirmed": every deadline counted through such a year says
"调休安排未公布" until the notice is imported (core/workdays.py, catalog ``holiday_notice``).
"""

from __future__ import annotations

import datetime as dt
import functools

from jiedao_desk.core.lunar_table import FESTIVALS, FIRST_YEAR, LAST_YEAR

BASIS = "《全国年节及纪念日放假办法》（国务院令第795号修订，2025年1月1日起施行）"


@functools.lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[dt.date, str]:
    """Day → holiday name of the holidays the 放假办法 fixes in ``year`` (no 调休).

    The lunar dates come from core/lunar_table.py (1901–2100); outside it there is no estimate
    to give, which is a ValueError rather than a year without 春节.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"no lunar calendar for {year} (known {FIRST_YEAR}–{LAST_YEAR})")
    spring, dragon_boat, mid_autumn = (dt.date(year, m, d) for m, d in FESTIVALS[year])
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "元旦"}
    for offset in range(-1, 3):  # 除夕 (the day before 初一) to 初三
        days[spring + dt.timedelta(days=offset)] = "春节"
    import chinese_calendar  # loaded with the first calendar question, not at start

    qingming = [d for d, name in chinese_calendar.get_solar_terms(
        dt.date(year, 4, 1), dt.date(year, 4, 10)) if name == "清明"]
    if qingming:
        days[qingming[0]] = "清明节"
    days[dt.date(year, 5, 1)] = days[dt.date(year, 5, 2)] = "劳动节"
    days[dragon_boat] = "端午节"
    days[mid_autumn] = "中秋节"
    for d in (1, 2, 3):
        days[dt.date(year, 10, d)] = "国庆节"
    return days
