"""Fill a local database with clearly fictitious referrals and one account per role.

Refuses to run with DEBUG off: it creates accounts with known passwords and codes.
"""

import datetime
import itertools
import random
import secrets
from base64 import b32encode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from contacts.models import Region, RegionalOmbudsman
from referrals.models import (
    Handover,
    Referral,
    ReferralEvent,
    ReferralStatus,
    RegionAssignment,
    RoutedTo,
    RoutingRecord,
)
from referrals.roles import DIRECTORY_EDITOR, NATIONAL_COORDINATOR, REGIONAL_OFFICIAL, setup_roles

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD = "demo-password-123"  # noqa: S105 - printed on purpose, DEBUG only
DEMO_MARK = "[DEMO]"
STATUSES = [
    ReferralStatus.RECEIVED,
    ReferralStatus.RECEIVED,
    ReferralStatus.ACKNOWLEDGED,
    ReferralStatus.PASSED_ON,
    ReferralStatus.CLOSED,
    ReferralStatus.DECLINED,
]


def demo_reference(rng) -> str:
    def part():
        return "".join(rng.choice(ALPHABET) for _ in range(4))

    return f"DM-{part()}-{part()}"


class Command(BaseCommand):
    help = "Create fictitious referrals in every region and status, and one account per role (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--per-region", type=int, default=6)

    def handle(self, *args, per_region=6, **options):
        if not settings.DEBUG:
            raise CommandError("The demo creates accounts with known passwords: it runs only with DEBUG=true.")
        call_command("load_manual_data", stdout=self.stdout)
        regions = list(Region.objects.order_by("position"))
        if not regions:
            raise CommandError("No regions in the database: load the directory first (`make data`).")
        setup_roles()
        with transaction.atomic():
            accounts = self._accounts(regions)
            official = get_user_model().objects.get(username="demo-official")
            created = self._referrals(regions, per_region, official)
        self.stdout.write(self.style.SUCCESS(f"Created {created} fictitious referrals marked {DEMO_MARK}."))
        self.stdout.write(f"Every account's password: {PASSWORD}")
        for username, info in accounts.items():
            self.stdout.write(f"\n{username} ({info['role']}{info['regions']})")
            if info["secret"]:
                self.stdout.write(f"  TOTP secret (base32, for an authenticator app): {info['secret']}")
                self.stdout.write(f"  one-time backup codes (each works once): {' '.join(info['tokens'])}")
        self.stdout.write("\nSign in at /kk/office/login/ (or /ru/, /en/).")

    def _accounts(self, regions):
        User = get_user_model()
        spec = [
            ("demo-official", REGIONAL_OFFICIAL, regions[:1]),
            ("demo-official-2", REGIONAL_OFFICIAL, regions[1:2]),
            ("demo-coordinator", NATIONAL_COORDINATOR, []),
            ("demo-editor", DIRECTORY_EDITOR, []),
        ]
        accounts = {}
        for username, role, assigned in spec:
            user, _created = User.objects.update_or_create(
                username=username,
                defaults={
                    "is_staff": True,
                    "is_active": True,
                    "password": make_password(PASSWORD),
                    "email": f"{username}@example.invalid",
                },
            )
            user.groups.set([Group.objects.get(name=role)])
            RegionAssignment.objects.filter(user=user).delete()
            for region in assigned:
                RegionAssignment.objects.create(user=user, region=region)
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(user=user, name="demo authenticator", confirmed=True)
            backup = StaticDevice.objects.create(user=user, name="demo backup codes", confirmed=True)
            tokens = [StaticToken.random_token() for _ in range(5)]
            for token in tokens:
                backup.token_set.create(token=token)
            accounts[username] = {
                "role": role,
                "regions": (": " + ", ".join(r.name for r in assigned)) if assigned else "",
                "secret": b32encode(device.bin_key).decode(),
                "tokens": tokens,
            }
        return accounts

    def _referrals(self, regions, per_region, official):
        rng = random.Random(secrets.randbits(32))  # noqa: S311 - fictitious data, not security
        now = timezone.now()
        created = 0
        for region in regions:
            ombudsman = RegionalOmbudsman.objects.filter(region=region).first()
            for index in range(per_region):
                status = STATUSES[index % len(STATUSES)]
                # The first of each region is overdue: received three days ago.
                submitted = now - datetime.timedelta(hours=72 if index == 0 else rng.randint(1, 24 * 300))
                identity = index % 2 == 0
                referral = Referral.objects.create(
                    reference=demo_reference(rng),
                    follow_up_code_hash="!",
                    language=rng.choice(settings.MODELTRANSLATION_LANGUAGES),
                    submitted_at=submitted,
                    region=region,
                    ombudsman=ombudsman,
                    routed_to=RoutedTo.REGIONAL_OFFICE,
                    status=status,
                    date_precision=Referral.DatePrecision.APPROXIMATE,
                    occurred_on=(submitted - datetime.timedelta(days=1)).date(),
                    part_of_day=Referral.PartOfDay.EVENING,
                    settlement_typed=f"{DEMO_MARK} {region.name}",
                    place_kind="street",
                    place_description=f"{DEMO_MARK} A fictitious yard near a school.",
                    suspect_sex="male",
                    suspect_age="30-40",
                    suspect_clothing=f"{DEMO_MARK} Dark jacket, grey cap.",
                    child_age="8-10",
                    category="approach",
                    account=f"{DEMO_MARK} Fictitious observation for trying the office pages. Nothing here is real.",
                    witness_name=f"{DEMO_MARK} Test Witness" if identity else "",
                    witness_phone="+77000000000" if identity else "",
                    may_contact=identity,
                    identity_may_be_shared=identity,
                )
                RoutingRecord.objects.create(
                    referral=referral,
                    created_at=submitted,
                    method=RoutingRecord.Method.WITNESS_CHOICE,
                    region=region,
                    routed_to=RoutedTo.REGIONAL_OFFICE,
                    reason=f"{DEMO_MARK} chosen by the witness",
                )
                self._history(referral, status, submitted, official)
                created += 1
        return created

    def _history(self, referral, status, submitted, official):
        path = [ReferralStatus.RECEIVED]
        if status == ReferralStatus.DECLINED:
            path.append(ReferralStatus.DECLINED)
        else:
            order = [ReferralStatus.ACKNOWLEDGED, ReferralStatus.PASSED_ON, ReferralStatus.CLOSED]
            path += order[: order.index(status) + 1] if status in order else []
        moment = submitted
        for previous, target in itertools.pairwise(path):
            moment += datetime.timedelta(hours=6)
            ReferralEvent.objects.create(
                referral=referral,
                created_at=moment,
                actor=official,
                from_status=previous,
                to_status=target,
                note=f"{DEMO_MARK} example step",
            )
            if target == ReferralStatus.ACKNOWLEDGED:
                referral.acknowledged_at = moment
            if target == ReferralStatus.PASSED_ON:
                Handover.objects.create(
                    referral=referral,
                    actor=official,
                    created_at=moment,
                    body=Handover.Body.POLICE,
                    recipient=f"{DEMO_MARK} Police duty unit",
                    identity_included=referral.identity_may_be_shared,
                )
            if target in (ReferralStatus.CLOSED, ReferralStatus.DECLINED):
                referral.closed_at = moment
        referral.save()
