"""URLs of the labs app, mounted by learning/urls.py under the "labs" namespace: a model
exercise of a lesson, by the lesson's id and the block's id."""

from django.urls import path

from .views import exercise, scenarios

app_name = "labs"
EXERCISE = "<int:page_id>/<str:block_id>/"
urlpatterns = [
    path(EXERCISE, exercise.exercise_view, name="exercise"),
    path(f"{EXERCISE}check/", exercise.check_view, name="check"),
    path(f"{EXERCISE}scenarios/", scenarios.scenario_save_view, name="scenario_save"),
    path(
        f"{EXERCISE}scenarios/<int:scenario_id>/delete/",
        scenarios.scenario_delete_view,
        name="scenario_delete",
    ),
    path(f"{EXERCISE}compare/", scenarios.compare_view, name="compare"),
    path(f"{EXERCISE}compare.xlsx", scenarios.export_view, name="export"),
]
