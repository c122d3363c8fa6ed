from django.urls import path

from referrals.office import auth, views

app_name = "office"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("notifications/", views.notification_settings, name="notifications"),
    path("referrals/<str:reference>/", views.referral_detail, name="referral"),
    path("referrals/<str:reference>/acknowledge/", views.referral_acknowledge, name="acknowledge"),
    path("referrals/<str:reference>/pass-on/", views.referral_pass_on, name="pass_on"),
    path("referrals/<str:reference>/close/", views.referral_close, name="close"),
    path("referrals/<str:reference>/decline/", views.referral_decline, name="decline"),
    path("referrals/<str:reference>/move/", views.referral_move, name="move"),
    path("referrals/<str:reference>/notes/", views.referral_add_note, name="note"),
    path("export/", views.export_referrals, name="export_referrals"),
    path("exports/<int:pk>/", views.export_detail, name="export"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("audit/", views.audit_log, name="audit"),
    path("audit/export/", views.export_audit, name="export_audit"),
]
