from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .models import CourseIndexPage, CoursePage
from .selectors import learner_courses


@hooks.register("site_nav_items")
def courses_nav_item(request):
    catalogue = CourseIndexPage.objects.live().only("id", "url_path").first()
    if catalogue is None:
        return None
    return (20, _("Courses"), catalogue.get_url(request))


@hooks.register("learner_dashboard_panels")
def my_courses_panel(request):
    return {
        "template": "courses/panels/my_courses.html",
        "order": 10,
        "items": learner_courses(user=request.user),
        "catalogue": CourseIndexPage.objects.live().first(),
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
