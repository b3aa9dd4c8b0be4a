"""URLs of the casestudies app, mounted by learning/urls.py under the "casestudies" namespace."""

from django.urls import path  # noqa: F401

app_name = "casestudies"
urlpatterns: list = []
