"""What an official does with a referral, as explicit functions.

Each action checks the transition is allowed, records a ReferralEvent (who, from, to, why)
and an AuditEntry, and saves the referral in one transaction. The witness's status page
reads Referral.status, so it follows every step without anything else to update.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Region, RegionalOmbudsman
from referrals.models import (
    AuditEntry,
    CaseNote,
    Handover,
    Notification,
    Referral,
    ReferralEvent,
    ReferralStatus,
    RoutedTo,
    RoutingRecord,
)
from referrals.notifications import describe, notify_office

S = ReferralStatus

# Which status each action may start from, and where it leads.
TRANSITIONS = {
    "acknowledge": ({S.RECEIVED}, S.ACKNOWLEDGED),
    "pass_on": ({S.ACKNOWLEDGED}, S.PASSED_ON),
    "close": ({S.PASSED_ON}, S.CLOSED),
    "decline": ({S.RECEIVED, S.ACKNOWLEDGED}, S.DECLINED),
    # A moved referral waits for the new office to acknowledge it.
    "move": ({S.RECEIVED, S.ACKNOWLEDGED}, S.RECEIVED),
}


class TransitionNotAllowed(Exception):
    pass


def allowed_actions(referral: Referral) -> set[str]:
    return {name for name, (sources, _target) in TRANSITIONS.items() if referral.status in sources}


def audit_record(*, actor, action: str, referral: Referral | None = None, **detail) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        reference=referral.reference if referral else "",
        region_id=referral.region_id if referral else None,
        detail=detail,
    )


def _transition(referral: Referral, *, action: str, actor, note: str = "", now=None) -> ReferralEvent:
    sources, target = TRANSITIONS[action]
    # Re-read under a lock: two officials pressing the same button get one transition.
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if current.status not in sources:
        raise TransitionNotAllowed(action)
    now = now or timezone.now()
    event = ReferralEvent.objects.create(
        referral=referral, created_at=now, actor=actor, from_status=current.status, to_status=target, note=note
    )
    referral.status = target
    return event


@transaction.atomic
def referral_acknowledge(referral: Referral, *, actor, now=None) -> Referral:
    now = now or timezone.now()
    _transition(referral, action="acknowledge", actor=actor, now=now)
    referral.acknowledged_at = now
    referral.save(update_fields=["status", "acknowledged_at", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.CHANGED, referral=referral, to=referral.status)
    return referral


@transaction.atomic
def referral_pass_on(referral: Referral, *, actor, body: str, recipient: str, note: str = "", now=None) -> Handover:
    now = now or timezone.now()
    _transition(referral, action="pass_on", actor=actor, note=note, now=now)
    referral.save(update_fields=["status", "updated_at"])
    handover = Handover.objects.create(
        referral=referral,
        actor=actor,
        created_at=now,
        body=body,
        recipient=recipient,
        identity_included=referral.identity_may_be_shared,
    )
    audit_record(actor=actor, action=AuditEntry.Action.CHANGED, referral=referral, to=referral.status, passed_to=body)
    return handover


@transaction.atomic
def referral_close(referral: Referral, *, actor, note: str = "", now=None) -> Referral:
    now = now or timezone.now()
    _transition(referral, action="close", actor=actor, note=note, now=now)
    referral.closed_at = now
    referral.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.CHANGED, referral=referral, to=referral.status)
    return referral


@transaction.atomic
def referral_decline(referral: Referral, *, actor, reason: str, now=None) -> Referral:
    now = now or timezone.now()
    _transition(referral, action="decline", actor=actor, note=reason, now=now)
    # A declined case has ended too: the retention period counts from here.
    referral.closed_at = now
    referral.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(actor=actor, action=AuditEntry.Action.CHANGED, referral=referral, to=referral.status)
    return referral


@transaction.atomic
def referral_move(referral: Referral, *, actor, region: Region, reason: str, now=None) -> Referral:
    """The routing was wrong: hand the referral to another region's office and tell it."""
    if region.pk == referral.region_id:
        raise TransitionNotAllowed("move")
    now = now or timezone.now()
    old_region = referral.region
    _transition(referral, action="move", actor=actor, note=reason, now=now)
    referral.region = region
    referral.ombudsman = RegionalOmbudsman.objects.filter(region=region).first()
    referral.routed_to = RoutedTo.REGIONAL_OFFICE
    referral.acknowledged_at = None
    referral.save(update_fields=["status", "region", "ombudsman", "routed_to", "acknowledged_at", "updated_at"])
    record = RoutingRecord.objects.create(
        referral=referral,
        created_at=now,
        method=RoutingRecord.Method.MOVED,
        region=region,
        routed_to=RoutedTo.REGIONAL_OFFICE,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CHANGED,
        referral=referral,
        to=referral.status,
        moved_from=old_region.code if old_region else "",
        moved_to=region.code,
    )
    told = notify_office(referral, kind=Notification.Kind.MOVED)
    record.reason = f"{reason} {describe(told)}"
    record.save(update_fields=["reason"])
    return referral


@transaction.atomic
def referral_add_note(referral: Referral, *, actor, text: str, now=None) -> CaseNote:
    note = CaseNote.objects.create(referral=referral, author=actor, text=text, created_at=now or timezone.now())
    audit_record(actor=actor, action=AuditEntry.Action.NOTE_ADDED, referral=referral)
    return note


ACTION_LABELS = {
    "acknowledge": _("Acknowledge"),
    "pass_on": _("Pass on"),
    "close": _("Close"),
    "decline": _("Decline"),
    "move": _("Move to another region"),
}
