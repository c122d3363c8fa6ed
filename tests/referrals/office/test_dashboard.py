"""The dashboard: counts per region, status and month, drawn on the server, scoped."""

from django.urls import reverse
from factories import make_referral

from referrals.dashboard import bar_chart, month_starts


def test_it_draws_bars_scaled_to_the_largest_count():
    chart = bar_chart([("A", 10), ("B", 5), ("C", 0)])
    widths = [bar["width"] for bar in chart["bars"]]
    assert widths[0] == 2 * widths[1]
    assert widths[2] == 0


def test_it_counts_twelve_months_back():
    import datetime

    months = month_starts(datetime.date(2026, 2, 15))
    assert months[0] == datetime.date(2025, 3, 1)
    assert months[-1] == datetime.date(2026, 2, 1)
    assert len(months) == 12


def test_it_shows_the_coordinator_every_region(client_for, coordinator, region_a, region_b):
    make_referral(region_a)
    make_referral(region_a, status="closed")
    make_referral(region_b)
    response = client_for(coordinator).get("/en" + reverse("office:dashboard")[3:])
    charts = {chart["key"]: dict(chart["rows"]) for chart in response.context["charts"]}
    assert charts["region"]["Almaty City"] == 2
    assert charts["region"]["Astana City"] == 1
    assert len(charts["region"]) == 20
    assert charts["status"]["Closed"] == 1
    assert sum(charts["month"].values()) == 3
    page = response.content.decode()
    assert '<svg class="bar-chart"' in page
    assert "<table>" in page
    assert "style=" not in page  # the CSP allows no inline styles
