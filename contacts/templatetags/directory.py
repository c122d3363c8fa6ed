import datetime

from django import template

from portal import dates

register = template.Library()


@register.filter
def long_date(value: datetime.date | None) -> str:
    """A date written out the way each language writes it (portal/dates.py, as every page)."""
    return dates.day_text(value) if value else ""
