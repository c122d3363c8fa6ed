from django.urls import path

from referrals.witness import views

urlpatterns = [
    path("settlements/", views.settlements_api, name="api-settlements"),
]
