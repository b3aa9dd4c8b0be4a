from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .models import CoursePage
from .selectors import catalogue_url, learner_courses


@hooks.register("site_nav_items")
def courses_nav_item(request):
    url = catalogue_url()
    return (20, _("Courses"), url) if url else None


@hooks.register("learner_dashboard_panels")
def my_courses_panel(request):
    return {
        "template": "courses/panels/my_courses.html",
        "order": 10,
        "items": learner_courses(user=request.user),
        "catalogue_url": catalogue_url(),
    }


@hooks.register("home_page_sections")
def featured_courses_section(request, page):
    courses = list(
        CoursePage.objects.live()
        .public()
        .select_related("topic")
        .order_by("-first_published_at")[:3]
    )
    if not courses:
        return None
    return {"template": "courses/panels/featured_courses.html", "order": 10, "courses": courses}
