"""URLs of the programmes app, mounted by learning/urls.py under the "programmes" namespace."""

from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/report/", views.programme_report_view, name="report"),
    path("<int:pk>/report.<slug:fmt>", views.programme_export, name="export"),
]
