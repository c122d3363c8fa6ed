from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin on the portal's own site (portal/admin_site.py)."""

    default_site = "portal.admin_site.PortalAdminSite"
