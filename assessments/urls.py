"""URLs of the assessments app, mounted by learning/urls.py under the "assessments" namespace."""

from django.urls import path

from .views import h5p

app_name = "assessments"
urlpatterns = [
    path("h5p/libraries/", h5p.library_file, {"key": "", "path": ""}, name="h5p_libraries"),
    path("h5p/libraries/<str:key>/<path:path>", h5p.library_file, name="h5p_library_file"),
    path("h5p/<uuid:package_uuid>/in/<int:page_id>/", h5p.player, name="h5p_player"),
    path(
        "h5p/<uuid:package_uuid>/in/<int:page_id>/files/<path:path>",
        h5p.content_file,
        name="h5p_file",
    ),
    path("h5p/<uuid:package_uuid>/in/<int:page_id>/xapi/", h5p.xapi, name="h5p_xapi"),
    path("h5p/<uuid:package_uuid>/in/<int:page_id>/state/", h5p.state, name="h5p_state"),
]
