"""The one place that decides which referrals a staff member may see.

Every referral query on the officials' side (pages, actions, exports, the dashboard, the
background export task) starts from `StaffReferralScope(user).referrals()` or
`referral_for_official()`. Outside the scope the answer is 404, never 403: an outsider
learns nothing, not even that a reference exists.
"""

from functools import cached_property

from django.db.models import QuerySet
from django.http import Http404

from contacts.models import Region
from referrals.models import Referral
from referrals.roles import (
    ALL_REGIONS_PERMISSION,
    AUDIT_PERMISSION,
    CHANGE_PERMISSION,
    EXPORT_PERMISSION,
    VIEW_PERMISSION,
)


def is_verified(user) -> bool:
    """Signed in with the second factor (django-otp's middleware sets is_verified)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


class StaffReferralScope:
    def __init__(self, user, *, verified: bool | None = None):
        self.user = user
        # Outside a request (a background export) the second factor was checked when the
        # export was asked for; everything else is checked again.
        self.verified = is_verified(user) if verified is None else verified

    @cached_property
    def has_access(self) -> bool:
        user = self.user
        return bool(user.is_authenticated and user.is_active and self.verified and user.has_perm(VIEW_PERMISSION))

    @cached_property
    def all_regions(self) -> bool:
        return self.has_access and self.user.has_perm(ALL_REGIONS_PERMISSION)

    @cached_property
    def regions(self) -> QuerySet:
        if not self.has_access:
            return Region.objects.none()
        if self.all_regions:
            return Region.objects.all()
        return Region.objects.filter(official_assignments__user=self.user)

    def referrals(self) -> QuerySet:
        if not self.has_access:
            return Referral.objects.none()
        if self.all_regions:
            # Including referrals with no region, which only the Commissioner's office handles.
            return Referral.objects.all()
        return Referral.objects.for_regions(self.regions)

    @property
    def can_change(self) -> bool:
        return self.has_access and self.user.has_perm(CHANGE_PERMISSION)

    @property
    def can_export(self) -> bool:
        return self.has_access and self.user.has_perm(EXPORT_PERMISSION)

    @property
    def can_view_audit(self) -> bool:
        return self.has_access and self.user.has_perm(AUDIT_PERMISSION)


def referral_for_official(user, reference: str) -> Referral:
    """The referral with this reference if the user may see it; 404 otherwise."""
    try:
        return (
            StaffReferralScope(user)
            .referrals()
            # The encrypted values are read when needed (and a damaged one cannot fail the page).
            .without_words()
            .select_related("region", "ombudsman", "settlement")
            .get(reference=reference)
        )
    except Referral.DoesNotExist:
        raise Http404("No such referral.") from None
