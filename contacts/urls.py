from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<slug:slug>/", views.region_detail, name="region"),
]
