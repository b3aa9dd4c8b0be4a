"""URLs of the cohorts app, mounted by learning/urls.py under the "cohorts" namespace."""

from django.urls import path

from .views import learner, trainer

app_name = "cohorts"
urlpatterns = [
    # Trainers
    path("", trainer.cohort_list, name="trainer_home"),
    path("new/", trainer.cohort_create, name="create"),
    path("<int:pk>/", trainer.cohort_dashboard, name="dashboard"),
    path("<int:pk>/edit/", trainer.cohort_edit, name="edit"),
    path("<int:pk>/schedule/", trainer.cohort_schedule, name="schedule"),
    path("<int:pk>/participants/", trainer.participants_import, name="import"),
    path("<int:pk>/participants/invite/", trainer.participant_invite, name="invite"),
    path(
        "<int:pk>/participants/<int:user_id>/remove/",
        trainer.participant_remove,
        name="participant_remove",
    ),
    path("<int:pk>/message/", trainer.cohort_message, name="message"),
    path("<int:pk>/sessions/new/", trainer.session_edit, name="session_create"),
    path("<int:pk>/sessions/<int:sid>/edit/", trainer.session_edit, name="session_edit"),
    path("<int:pk>/sessions/<int:sid>/cancel/", trainer.session_cancel, name="session_cancel"),
    path("<int:pk>/sessions/<int:sid>/attendance/", trainer.session_attendance, name="attendance"),
    path("<int:pk>/sessions/<int:sid>/code/", trainer.session_checkin_code, name="checkin_code"),
    path("<int:pk>/calendar.ics", trainer.cohort_calendar, name="cohort_calendar"),
    path("<int:pk>/report/", trainer.cohort_report, name="report"),
    path("<int:pk>/export/<slug:kind>.<slug:fmt>", trainer.cohort_export, name="export"),
    # Learners
    path("join/<int:pk>/<str:key>/", learner.join, name="join"),
    path("invitations/<int:pk>/", learner.invitation, name="invitation"),
    path("my/<int:pk>/", learner.learner_cohort, name="learner_cohort"),
    path("sessions/<int:sid>/", learner.session_detail, name="session"),
    path("sessions/<int:sid>.ics", learner.session_ics, name="session_ics"),
    path("check-in/", learner.check_in, name="check_in"),
    path("calendar/reset/", learner.calendar_reset, name="calendar_reset"),
    # Calendar programs cannot sign in: these feeds are found by their secret token.
    path("feeds/cohort/<str:token>.ics", learner.cohort_feed, name="cohort_feed"),
    path("feeds/me/<str:token>.ics", learner.learner_feed, name="learner_feed"),
]
