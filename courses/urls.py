"""URLs of the courses app, mounted by learning/urls.py under the "courses" namespace.

Course and lesson pages serve themselves and their actions (`courses/models/pages.py`); the
by-id action URLs below only send old forms there (307). Mounted at `/courses/` like the
catalogue, so `courses/slugs.py` keeps course slugs off the first segment of these URLs."""

from django.urls import path

from .views import packs, steps

app_name = "courses"
urlpatterns = [
    path("<int:course_id>/enrol/", steps.enrol_by_id, name="enrol"),
    path("steps/<int:step_id>/complete/", steps.complete_step_by_id, name="complete_step"),
    path(
        "lessons/<int:lesson_id>/reflections/<str:block_id>/",
        steps.save_reflection_by_id,
        name="save_reflection",
    ),
    path("<int:course_id>/pack/", packs.pack_prepare, name="pack_prepare"),
    path("<int:course_id>/pack/<str:kind>/", packs.pack_download, name="pack_download"),
    path("reflections/export/", steps.export_reflections, name="export_reflections"),
]
