"""Write-side actions on referrals, as explicit typed functions.

A submission is saved and routed in one transaction; the office is told afterwards by a
background task (referrals/notifications.py), so neither a slow nor a failing mail server
can lose or delay an observation.
"""

import hashlib
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from contacts.models import Region
from referrals import codes, routing
from referrals.models import Notification, Referral, RoutingRecord, Settlement, WitnessAddition
from referrals.notifications import describe, notify_office

# No 0/O, 1/I/L, 2/Z, 5/S or 8/B: codes are read off a screen and typed on a phone.
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
# 16 characters from 25: 25**16 ≈ 1.4e22 (74 bits). With the attempts throttled to a
# handful per quarter hour, guessing is hopeless.
CODE_GROUPS, CODE_GROUP_LENGTH = 4, 4
REFERENCE_LENGTH = 8


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_reference() -> str:
    """Random, not sequential: one reference says nothing about how many others exist."""
    raw = _random(REFERENCE_LENGTH)
    return f"{raw[:4]}-{raw[4:]}"


def new_follow_up_code() -> str:
    raw = _random(CODE_GROUPS * CODE_GROUP_LENGTH)
    return "-".join(raw[i : i + CODE_GROUP_LENGTH] for i in range(0, len(raw), CODE_GROUP_LENGTH))


def normalise_code(value: str) -> str:
    """What a witness types back: any case, with or without dashes and spaces."""
    return "".join(char for char in (value or "").upper() if char.isalnum())


def normalise_reference(value: str) -> str:
    raw = normalise_code(value)
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == REFERENCE_LENGTH else raw


def referral_route(
    *,
    referral: Referral,
    typed: str,
    chosen_region: Region | None,
    chosen_settlement: Settlement | None = None,
    settlement_unknown: bool = False,
) -> RoutingRecord:
    """Assign the referral to an office and record what was typed, what matched and why."""
    route = routing.decide(
        typed=typed,
        chosen_region=chosen_region,
        chosen_settlement=chosen_settlement,
        settlement_unknown=settlement_unknown,
    )
    referral.region = route.region
    referral.settlement = route.settlement
    # The place as it was when routed: a later renaming or retirement does not change it.
    referral.settlement_kato_code = (route.settlement.kato_code or "") if route.settlement else ""
    referral.settlement_district = route.settlement.district_kk or "" if route.settlement else ""
    referral.routed_to = route.routed_to
    referral.ombudsman = route.ombudsman
    referral.save(
        update_fields=[
            "region",
            "settlement",
            "settlement_kato_code",
            "settlement_district",
            "routed_to",
            "ombudsman",
            "updated_at",
        ]
    )
    return RoutingRecord.objects.create(
        referral=referral,
        method=route.method,
        typed=typed,
        matched_settlement=route.settlement,
        region=route.region,
        routed_to=route.routed_to,
        reason=route.reason,
    )


class AlreadySubmitted(Exception):
    """This draft has already been sent (a double tap on Send, or a second tab)."""

    def __init__(self, referral: Referral):
        super().__init__(referral.reference)
        self.referral = referral


def _submitted(submission_key: str | None) -> Referral | None:
    if not submission_key:
        return None
    return Referral.objects.filter(submission_key=submission_key).first()


def referral_submit(
    *,
    observation: dict,
    settlement_typed: str,
    chosen_region: Region | None,
    language: str,
    chosen_settlement: Settlement | None = None,
    settlement_unknown: bool = False,
    draft_id: str = "",
    code: str = "",
) -> tuple[Referral, str]:
    """Save a witness's observation, route it, queue the office's notification.

    `observation` holds the Referral fields the form collected. `code` is the follow-up
    code the draft drew when it started (so a second press of Send shows the same one);
    it exists nowhere else in clear: only its keyed hash is stored (referrals/codes.py).
    Returns the referral and the code. Raises AlreadySubmitted, carrying the referral,
    when the same draft was sent before, at once or earlier: the unique submission key
    decides, in the database, so two requests racing each other store one referral.
    """
    submission_key = hashlib.sha256(draft_id.encode()).hexdigest() if draft_id else None
    existing = _submitted(submission_key)
    if existing is not None:
        raise AlreadySubmitted(existing)
    code = code or new_follow_up_code()
    code_hash = codes.hash_code(normalise_code(code))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                referral = Referral(
                    **observation,
                    reference=new_reference(),
                    follow_up_code_hash=code_hash,
                    submission_key=submission_key,
                    language=language,
                    settlement_typed=settlement_typed,
                    submitted_at=timezone.now(),
                )
                # Provisional: referral_route decides, inside the same transaction.
                referral.routed_to = routing.RoutedTo.COMMISSIONER
                # Uniqueness (reference, submission key) is the database's to decide: a
                # check here would race a concurrent send and raise instead of retrying.
                referral.full_clean(exclude=["follow_up_code_hash"], validate_unique=False, validate_constraints=False)
                referral.save()
                record = referral_route(
                    referral=referral,
                    typed=settlement_typed,
                    chosen_region=chosen_region,
                    chosen_settlement=chosen_settlement,
                    settlement_unknown=settlement_unknown,
                )
                told = notify_office(referral, kind=Notification.Kind.NEW_REFERRAL)
                # The record says what was done to tell the office, not what routing hoped for.
                record.reason = f"{record.reason} {describe(told)}"
                record.save(update_fields=["reason"])
            return referral, code
        except IntegrityError:
            existing = _submitted(submission_key)
            if existing is not None:
                raise AlreadySubmitted(existing) from None
            # A reference collision (one in 25**8): draw again.
            continue
    raise RuntimeError("Could not draw a free reference.")


def referral_find_for_witness(*, reference: str, code: str) -> Referral | None:
    """The referral a witness may follow up, or None; never says which half was wrong."""
    typed = normalise_code(code)
    referral = Referral.objects.filter(reference=normalise_reference(reference)).first()
    if referral is None or referral.is_anonymised:
        # Spend the same effort as a real check, so timing does not reveal references.
        codes.spend_equal_effort(typed)
        return None
    if not codes.code_matches(typed, referral.follow_up_code_hash):
        return None
    if codes.needs_upgrade(referral.follow_up_code_hash):
        # Stored as Argon2 before the keyed hash: store it the new way now it is known.
        referral.follow_up_code_hash = codes.hash_code(typed)
        referral.save(update_fields=["follow_up_code_hash"])
    return referral


def witness_addition_add(*, referral: Referral, text: str) -> WitnessAddition:
    """Information a witness adds later: a new, timestamped row; nothing is overwritten."""
    with transaction.atomic():
        addition = WitnessAddition.objects.create(referral=referral, text=text, created_at=timezone.now())
        notify_office(referral, kind=Notification.Kind.WITNESS_ADDITION)
    return addition


def sent_referral(*, draft_id: str) -> Referral | None:
    """The referral this draft became, if it has been sent already."""
    return _submitted(hashlib.sha256(draft_id.encode()).hexdigest() if draft_id else None)
