"""Helpers that walk the witness's journey with Django's test client."""

from django.urls import reverse
from django.utils import translation

ANSWERS = {
    "when": {"date_precision": "exact", "day": "5", "month": "марта", "year": "2025", "time": "", "part_of_day": "evening"},  # noqa: E501
    "where": {"settlement": "Семипалатинск", "place_kind": "entrance", "place_description": "Подъезд у дома 12"},
    "suspect": {"suspect_sex": "male", "suspect_age": "26_40", "suspect_hair": "short dark", "suspect_relationship": "unknown"},  # noqa: E501
    "vehicle": {"vehicle_type": "car", "vehicle_colour": "white", "vehicle_plate": "123 ?B? 02"},
    "child": {"child_age": "6_9", "child_sex": "girl", "child_appearance": "red jacket, school bag"},
    "what": {"category": "luring", "account": "He tried to lead the girl into a white car.", "other_witnesses": ""},
    "you": {"witness_name": "", "witness_phone": "", "witness_email": "", "may_contact": "no"},
}  # fmt: skip

STEP_ORDER = ["when", "where", "suspect", "vehicle", "child", "what", "you"]


def url(name, lang="kk", **kwargs):
    with translation.override(lang):
        return reverse(f"referrals:{name}", kwargs=kwargs or None)


def start(client, lang="kk"):
    response = client.get(url("start", lang), {"danger": "no"})
    assert response.status_code == 302, response.content[:500]
    return response


def fill(client, lang="kk", **overrides):
    """Pass the gate and every step; returns the response of the last step."""
    start(client, lang)
    response = None
    for step in STEP_ORDER:
        data = {**ANSWERS[step], **overrides.get(step, {})}
        response = client.post(url("step", lang, slug=step), data)
        assert response.status_code == 302, (step, response.content.decode()[:3000])
    return response


def send(client, lang="kk", **overrides):
    fill(client, lang, **overrides)
    return client.post(url("check", lang), {"website": ""})
