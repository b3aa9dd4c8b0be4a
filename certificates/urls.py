"""URLs of the certificates app, mounted by learning/urls.py under the "certificates" namespace."""

from django.urls import path  # noqa: F401

app_name = "certificates"
urlpatterns: list = []
