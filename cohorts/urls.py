"""URLs of the cohorts app, mounted by learning/urls.py under the "cohorts" namespace."""

from django.urls import path

from .views import cohorts, gradebook, labs, learner, participants, sessions, welcome
from .webinars import views as webinars

app_name = "cohorts"
urlpatterns = [
    # Trainers
    path("", cohorts.cohort_list, name="trainer_home"),
    path("new/", cohorts.cohort_create, name="create"),
    path("<int:pk>/", cohorts.cohort_dashboard, name="dashboard"),
    path("<int:pk>/edit/", cohorts.cohort_edit, name="edit"),
    path("<int:pk>/schedule/", cohorts.cohort_schedule, name="schedule"),
    path("<int:pk>/participants/", participants.participants_import, name="import"),
    path("<int:pk>/participants/invite/", participants.participant_invite, name="invite"),
    path(
        "<int:pk>/participants/<int:user_id>/remove/",
        participants.participant_remove,
        name="participant_remove",
    ),
    path("<int:pk>/message/", participants.cohort_message, name="message"),
    path("<int:pk>/sessions/new/", sessions.session_edit, name="session_create"),
    path("<int:pk>/sessions/<int:sid>/edit/", sessions.session_edit, name="session_edit"),
    path("<int:pk>/sessions/<int:sid>/cancel/", sessions.session_cancel, name="session_cancel"),
    path("<int:pk>/sessions/<int:sid>/attendance/", sessions.session_attendance, name="attendance"),
    path("<int:pk>/sessions/<int:sid>/code/", sessions.session_checkin_code, name="checkin_code"),
    path("<int:pk>/sessions/<int:sid>/webinar/", webinars.webinar_start, name="webinar_start"),
    path("<int:pk>/sessions/<int:sid>/webinar/end/", webinars.webinar_end, name="webinar_end"),
    path("<int:pk>/calendar.ics", sessions.cohort_calendar, name="cohort_calendar"),
    path("<int:pk>/report/", cohorts.cohort_report, name="report"),
    path("<int:pk>/export/<slug:kind>.<slug:fmt>", cohorts.cohort_export, name="export"),
    path("<int:pk>/gradebook/", gradebook.gradebook, name="gradebook"),
    path("<int:pk>/gradebook.xlsx", gradebook.gradebook_export, name="gradebook_export"),
    path(
        "<int:pk>/gradebook/<int:user_id>/<slug:item>/",
        gradebook.grade_override,
        name="grade_override",
    ),
    path("<int:pk>/labs/", labs.cohort_labs, name="labs"),
    path("<int:pk>/labs/<int:page_id>/<slug:block_id>/", labs.cohort_lab_scenarios, name="lab"),
    path(
        "<int:pk>/labs/<int:page_id>/<slug:block_id>/scenarios.xlsx",
        labs.cohort_lab_export,
        name="lab_export",
    ),
    # Learners
    path("join/<int:pk>/<str:key>/", learner.join, name="join"),
    path("invitations/<int:pk>/", learner.invitation, name="invitation"),
    # The e-mailed link of a new account: its token is the credential (no sign-in needed).
    path("welcome/<int:pk>/<str:token>/", welcome.welcome, name="welcome"),
    path("my/<int:pk>/", learner.learner_cohort, name="learner_cohort"),
    path("sessions/<int:sid>/", learner.session_detail, name="session"),
    path("sessions/<int:sid>/webinar/", webinars.webinar_join, name="webinar_join"),
    path("sessions/<int:sid>.ics", learner.session_ics, name="session_ics"),
    path("check-in/", learner.check_in, name="check_in"),
    path("calendar/reset/", learner.calendar_reset, name="calendar_reset"),
    # Calendar programs cannot sign in: these feeds are found by their secret token.
    path("feeds/cohort/<str:token>.ics", learner.cohort_feed, name="cohort_feed"),
    path("feeds/me/<str:token>.ics", learner.learner_feed, name="learner_feed"),
]
