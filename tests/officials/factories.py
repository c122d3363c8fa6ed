"""Referral rows for the officials' tests, made with the ORM (the report form is elsewhere)."""

import itertools
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from contacts.models import Region, RegionalOmbudsman
from referrals.models import Referral, RegionAssignment, RoutedTo, RoutingRecord

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# Past the manual's 20 positions, so a test that also loads the directory meets no clash.
_positions = itertools.count(101)


def make_reference() -> str:
    def part():
        return "".join(secrets.choice(ALPHABET) for _ in range(4))

    return f"KZ-{part()}-{part()}"


def make_region(code: str, name_en: str, *, name_kk: str = "", name_ru: str = "") -> Region:
    position = next(_positions) + Region.objects.count() * 100
    region = Region.objects.create(
        code=code,
        slug=code.lower(),
        name_kk=name_kk or f"{name_en} (kk)",
        name_ru=name_ru or f"{name_en} (ru)",
        name_en=name_en,
        kind=Region.Kind.OBLAST,
        position=position,
    )
    RegionalOmbudsman.objects.create(region=region, full_name=f"Ombudsman of {name_en}", email=f"{code}@example.kz")
    return region


def make_referral(region: Region | None, **fields) -> Referral:
    values = {
        "reference": make_reference(),
        "follow_up_code_hash": "!",
        "language": "ru",
        "routed_to": RoutedTo.REGIONAL_OFFICE if region else RoutedTo.COMMISSIONER,
        "region": region,
        "ombudsman": RegionalOmbudsman.objects.filter(region=region).first() if region else None,
        "date_precision": Referral.DatePrecision.APPROXIMATE,
        "submitted_at": timezone.now(),
        "account": "A man in a dark jacket followed a girl from the school gate.",
        "suspect_clothing": "Dark jacket",
    }
    values.update(fields)
    referral = Referral.objects.create(**values)
    RoutingRecord.objects.create(
        referral=referral,
        method=RoutingRecord.Method.WITNESS_CHOICE,
        typed="Almaty" if region else "",
        region=region,
        routed_to=referral.routed_to,
        reason="Chosen by the witness",
    )
    return referral


def make_staff(username: str, role: str | None, regions=()) -> object:
    user = get_user_model().objects.create_user(username=username, password="x-password-123", is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    for region in regions:
        RegionAssignment.objects.create(user=user, region=region)
    return user


def add_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def sign_in(client, user, *, verified=True):
    """Signed in as after the password and the code: the session carries the device."""
    client.force_login(user)
    if verified:
        device = TOTPDevice.objects.filter(user=user).first() or add_device(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
