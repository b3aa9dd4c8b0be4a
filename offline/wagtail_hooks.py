"""The offline app's sections: "available offline" on a course outline (courses'
`course_outline_panels` hook) and the courses kept on this device on the dashboard."""

from django.urls import reverse
from wagtail import hooks

from . import personal_data
from .selectors import may_download


@hooks.register("course_outline_panels")
def course_download_panel(request, course, progress):
    if not may_download(user=request.user, progress=progress):
        return None
    return {
        "template": "offline/panels/course_download.html",
        "order": 10,
        "course_id": course.pk,
        "list_url": reverse("offline:course_files", args=[course.pk]),
    }


@hooks.register("learner_dashboard_panels")
def offline_courses_panel(request):
    return {
        "template": "offline/panels/offline_courses.html",
        "order": 90,
        # The device's copies are only known to the browser: the script fills the list.
        "list_url_pattern": reverse("offline:course_files", args=[0]),
    }


@hooks.register("personal_data_export")
def personal_data_export(*, user):
    return personal_data.personal_data_export(user=user)


@hooks.register("user_erasing")
def user_erasing(*, user):
    return personal_data.user_erasing(user=user)
