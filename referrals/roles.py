"""The three staff roles, as Django groups with exactly the permissions they need.

Run by `manage.py setup_roles` and after every `migrate` (post_migrate), so the roles
never depend on someone clicking in the admin. Re-running is safe: each group's
permissions are set to the list below, adding what is missing and removing what is not.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

REGIONAL_OFFICIAL = "Regional official"
NATIONAL_COORDINATOR = "National coordinator"
DIRECTORY_EDITOR = "Directory editor"

# The permissions the officials' side checks (referrals/scope.py, portal/admin_site.py).
VIEW_PERMISSION = "referrals.view_referral"
CHANGE_PERMISSION = "referrals.change_referral"
EXPORT_PERMISSION = "referrals.export_referral"
ALL_REGIONS_PERMISSION = "referrals.handle_all_regions"
AUDIT_PERMISSION = "referrals.view_audit_log"

_CASEWORK = [VIEW_PERMISSION, CHANGE_PERMISSION, EXPORT_PERMISSION]

ROLE_PERMISSIONS = {
    # Works on the referrals of the regions given to them by RegionAssignment.
    REGIONAL_OFFICIAL: _CASEWORK,
    # The Commissioner's office: every region, the audit log, and who works on which region.
    NATIONAL_COORDINATOR: [
        *_CASEWORK,
        ALL_REGIONS_PERMISSION,
        AUDIT_PERMISSION,
        "referrals.view_auditentry",
        "referrals.view_regionassignment",
        "referrals.add_regionassignment",
        "referrals.change_regionassignment",
        "referrals.delete_regionassignment",
        # Where notices about referrals go: coordinators only, never directory editors.
        "referrals.view_officeaddress",
        "referrals.add_officeaddress",
        "referrals.change_officeaddress",
        "referrals.delete_officeaddress",
    ],
}
# Contacts and guidance only: every model permission of those two apps, nothing of referrals.
DIRECTORY_APPS = ["contacts", "guidance"]


def _permissions(codes):
    query = Q(pk__in=[])
    for code in codes:
        app_label, codename = code.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(query)


def setup_roles() -> dict[str, int]:
    counts = {}
    for name, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(codes))
        counts[name] = group.permissions.count()
    editor, _created = Group.objects.get_or_create(name=DIRECTORY_EDITOR)
    editor.permissions.set(Permission.objects.filter(content_type__app_label__in=DIRECTORY_APPS))
    counts[DIRECTORY_EDITOR] = editor.permissions.count()
    return counts
