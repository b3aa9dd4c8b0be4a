"""URLs of the offline app, mounted at the site's root by learning/urls.py (the service worker
must be at /sw.js for its scope to be the whole site)."""

from django.urls import path

from . import views

app_name = "offline"
urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline_page, name="page"),
    path("offline/courses/<int:course_id>/", views.course_files, name="course_files"),
    path("offline/sync/", views.sync, name="sync"),
]
