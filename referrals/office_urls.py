from django.urls import path

from referrals import office_auth, office_exports, office_views

app_name = "office"

urlpatterns = [
    path("", office_views.worklist, name="worklist"),
    path("login/", office_auth.login_view, name="login"),
    path("logout/", office_auth.logout_view, name="logout"),
    path("dashboard/", office_views.dashboard, name="dashboard"),
    path("referrals/<str:reference>/", office_views.referral_detail, name="referral"),
    path("referrals/<str:reference>/acknowledge/", office_views.referral_acknowledge, name="acknowledge"),
    path("referrals/<str:reference>/pass-on/", office_views.referral_pass_on, name="pass_on"),
    path("referrals/<str:reference>/close/", office_views.referral_close, name="close"),
    path("referrals/<str:reference>/decline/", office_views.referral_decline, name="decline"),
    path("referrals/<str:reference>/move/", office_views.referral_move, name="move"),
    path("referrals/<str:reference>/notes/", office_views.referral_add_note, name="note"),
    path("export/", office_exports.export_referrals, name="export_referrals"),
    path("exports/<int:pk>/", office_exports.export_detail, name="export"),
    path("exports/<int:pk>/download/", office_exports.export_download, name="export_download"),
    path("audit/", office_exports.audit_log, name="audit"),
    path("audit/export/", office_exports.export_audit, name="export_audit"),
]
