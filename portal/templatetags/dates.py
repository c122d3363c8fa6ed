"""Templates format dates through portal/dates.py: `{{ value|day_text }}`, `{{ value|datetime_text }}`."""

import datetime

from django import template
from django.utils import timezone

from portal import dates

register = template.Library()


@register.filter
def day_text(value):
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return dates.day_text(value.date())
    return dates.day_text(value)


@register.filter
def datetime_text(value):
    return dates.datetime_text(value) if value else ""
