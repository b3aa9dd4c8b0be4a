"""URLs of the assessments app, mounted by learning/urls.py under the "assessments" namespace."""

from django.urls import path

from .views import analysis, h5p, quiz

app_name = "assessments"
urlpatterns = [
    path("quizzes/<int:quiz_id>/start/", quiz.attempt_start, name="attempt_start"),
    path("quizzes/<int:quiz_id>/analysis/", analysis.item_analysis, name="item_analysis"),
    path(
        "quizzes/<int:quiz_id>/analysis.csv", analysis.item_analysis_csv, name="item_analysis_csv"
    ),
    path("attempts/<uuid:attempt_uuid>/", quiz.attempt_view, name="attempt"),
    path("attempts/<uuid:attempt_uuid>/result/", quiz.attempt_result, name="attempt_result"),
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
