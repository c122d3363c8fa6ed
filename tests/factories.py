"""Referrals and staff made with the ORM, for tests that do not go through the report form."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from contacts.models import Region, RegionalOmbudsman
from referrals.models import Referral, RegionAssignment, RoutedTo, RoutingRecord
from referrals.services import new_reference


def make_referral(region: Region | None, **fields) -> Referral:
    values = {
        "reference": new_reference(),
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
