"""Counts for the dashboard, and the geometry of its bar charts.

The charts are drawn on the server as SVG (no script, no third party); every chart has
its numbers beside it as a table, which is what screen readers are pointed to.
"""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext

from contacts.models import Region
from portal.dates import month_text
from referrals.models import ReferralStatus

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 0  # labels sit above the bars, so long region names never clip
CHART_WIDTH = 600
MONTHS = 12


def bar_chart(rows: list[tuple[str, int]]) -> dict:
    """Horizontal bars: each row gets a label line and a bar scaled to the largest count."""
    largest = max((count for _label, count in rows), default=0) or 1
    bars = []
    y = 0
    for label, count in rows:
        width = round((CHART_WIDTH - 60) * count / largest)
        bars.append(
            {
                "label": label,
                "count": count,
                "text_y": y + 14,
                "bar_y": y + 20,
                "width": max(width, 1 if count else 0),
                "count_x": max(width, 1) + 6,
                "count_y": y + 20 + BAR_HEIGHT - 6,
            }
        )
        y += 20 + BAR_HEIGHT + BAR_GAP
    return {"bars": bars, "width": CHART_WIDTH, "height": max(y, 1), "bar_height": BAR_HEIGHT}


def month_starts(today: datetime.date, count: int = MONTHS) -> list[datetime.date]:
    months = []
    year, month = today.year, today.month
    for _i in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def dashboard_data(referrals, *, today=None) -> dict:
    today = today or timezone.localdate()
    referrals = referrals.order_by()
    by_region = dict(referrals.values_list("region").annotate(n=Count("id")))
    regions = [(region.name, by_region.get(region.pk, 0)) for region in Region.objects.in_language_order()]
    if by_region.get(None):
        regions.append((gettext("No region (Commissioner's office)"), by_region[None]))
    by_status = dict(referrals.values_list("status").annotate(n=Count("id")))
    statuses = [(label, by_status.get(value, 0)) for value, label in ReferralStatus.choices]
    months = month_starts(today)
    by_month = {
        timezone.localtime(moment).date().replace(day=1) if isinstance(moment, datetime.datetime) else moment: n
        for moment, n in referrals.filter(submitted_at__date__gte=months[0])
        .annotate(month=TruncMonth("submitted_at"))
        .values_list("month")
        .annotate(n=Count("id"))
    }
    month_rows = [(month_text(month), by_month.get(month, 0)) for month in months]
    return {
        "charts": [
            {"key": "region", "rows": regions, "chart": bar_chart(regions)},
            {"key": "status", "rows": statuses, "chart": bar_chart(statuses)},
            {"key": "month", "rows": month_rows, "chart": bar_chart(month_rows)},
        ],
        "total": sum(by_status.values()),
    }
