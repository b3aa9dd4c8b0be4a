"""URLs of the assessments app, mounted by learning/urls.py under the "assessments" namespace."""

from django.urls import path  # noqa: F401

app_name = "assessments"
urlpatterns: list = []
