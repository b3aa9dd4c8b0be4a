"""URLs of the discussions, mounted by learning/urls.py at /discussions/ ("discussions")."""

from django.urls import path, register_converter

from .views import email, moderation, space


class RowId:
    """A row id: at most ten ASCII digits and within the database's integer range; anything
    else matches no URL (404), never a database error."""

    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > 2**31 - 1:
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(value)


register_converter(RowId, "rowid")

app_name = "discussions"
urlpatterns = [
    path("digest/", email.digest_preference, name="digest"),
    path("unsubscribe/<str:token>/", email.unsubscribe, name="unsubscribe"),
    path("<rowid:cohort_id>/", space.space_view, name="space"),
    path("<rowid:cohort_id>/reports/", moderation.reports_view, name="reports"),
    path("<rowid:cohort_id>/threads/<rowid:thread_id>/", space.thread_view, name="thread"),
    path(
        "<rowid:cohort_id>/threads/<rowid:thread_id>/moderate/",
        moderation.thread_moderate_view,
        name="moderate",
    ),
    path("<rowid:cohort_id>/posts/<rowid:post_id>/", space.post_link, name="post"),
    path("<rowid:cohort_id>/posts/<rowid:post_id>/hide/", moderation.post_hide_view, name="hide"),
    path("<rowid:cohort_id>/posts/<rowid:post_id>/report/", moderation.report_view, name="report"),
    path("<rowid:cohort_id>/<slug:forum>/", space.forum_view, name="forum"),
]
