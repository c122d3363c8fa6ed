from django.urls import path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("", views.contents, name="contents"),
    path("print/", views.print_manual, name="print"),
    path("search/", views.search, name="search"),
    path("about-this-edition/", views.about_edition, name="about-edition"),
    path("<slug:slug>/", views.section_detail, name="section"),
]
