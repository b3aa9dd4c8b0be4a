"""URLs of the courses app, mounted by learning/urls.py under the "courses" namespace."""

from django.urls import path

from .views import steps

app_name = "courses"
urlpatterns = [
    path("<int:course_id>/enrol/", steps.enroll, name="enrol"),
    path("steps/<int:step_id>/complete/", steps.complete_step, name="complete_step"),
    path(
        "lessons/<int:lesson_id>/reflections/<str:block_id>/",
        steps.save_reflection,
        name="save_reflection",
    ),
    path("reflections/export/", steps.export_reflections, name="export_reflections"),
]
