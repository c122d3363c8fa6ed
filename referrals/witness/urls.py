from django.urls import path

from referrals.witness import views

app_name = "referrals"

urlpatterns = [
    path("", views.report, name="report"),
    path("start/", views.start, name="start"),
    path("danger/", views.danger, name="danger"),
    path("step/<slug:slug>/", views.step, name="step"),
    path("check/", views.check, name="check"),
    path("sent/", views.sent, name="sent"),
    path("status/", views.status, name="status"),
]
