"""Deleting a directory entry that casework refers to is refused, without showing that casework.

Django's delete page lists every protected or affected object by name; for a region, an
ombudsman or a settlement those include referrals (their references) and routing records,
which directory editors must not see. Instead the page says the entry is in use and offers
no way to delete it. SET_NULL links count as use too: deleting would silently cut a
referral's record of where it went.
"""

from django.utils.translation import gettext_lazy as _

CASEWORK_APPS = {"referrals"}


def used_by_casework(obj) -> bool:
    for relation in obj._meta.related_objects:
        related = relation.related_model
        if related._meta.app_label not in CASEWORK_APPS or relation.many_to_many:
            continue
        if related._base_manager.filter(**{relation.field.name: obj}).exists():
            return True
    return False


class RefuseDeletingWhatCaseworkUses:
    """ModelAdmin mixin: the delete page and the bulk delete action refuse entries in use."""

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        in_use = [obj for obj in objs if used_by_casework(obj)]
        if in_use:
            message = _("%(entry)s: in use by the officials' records, so it cannot be deleted.")
            protected = [message % {"entry": obj} for obj in in_use]
        return to_delete, model_count, perms_needed, protected
