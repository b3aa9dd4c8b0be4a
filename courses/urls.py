"""URLs of the courses app, mounted by learning/urls.py under the "courses" namespace."""

from django.urls import path  # noqa: F401

app_name = "courses"
urlpatterns: list = []
