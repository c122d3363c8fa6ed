from django.urls import path

from contacts import views

urlpatterns = [
    path("contacts/", views.directory_json, name="api-contacts"),
]
