"""URLs of the cohorts app, mounted by learning/urls.py under the "cohorts" namespace."""

from django.urls import path  # noqa: F401

app_name = "cohorts"
urlpatterns: list = []
