from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail import hooks

from learning.locales import active_locale_id

from .deletion import page_delete_refusal
from .models import CoursePage, EnrollmentStatus
from .personal_data import personal_data_export as export
from .personal_data import user_erasing as erase
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
        "cards": course_cards(learner_courses(user=request.user)),
        "catalogue_url": catalogue_url(),
    }


def course_cards(items) -> list[dict]:
    """The dashboard's course cards as values ready to print: twenty cards render in one pass
    of simple lookups instead of a translation block and filters per card."""
    cards = []
    for enrollment, progress in items:
        card = {
            "title": progress.course_title,
            "url": progress.course_url,
            "percent": progress.percent,
            "meta": _("%(done)s of %(total)s required steps (%(percent)s%%)")
            % {
                "done": progress.completed_required,
                "total": progress.total_required,
                "percent": progress.percent,
            },
            "completed": "",
            "next_step": None,
        }
        if enrollment.status == EnrollmentStatus.COMPLETED:
            card["completed"] = date_format(
                timezone.localtime(enrollment.completed_at), "DATE_FORMAT"
            )
        elif progress.next_step:
            card["next_step"] = progress.next_step
        cards.append(card)
    return cards


@hooks.register("home_page_sections")
def featured_courses_section(request, page):
    courses = list(
        CoursePage.objects.live()
        .public()
        .filter(locale_id=active_locale_id())  # one card per course, in the reader's language
        .select_related("topic")
        .order_by("-first_published_at")[:3]
    )
    if not courses:
        return None
    return {"template": "courses/panels/featured_courses.html", "order": 10, "courses": courses}


@hooks.register("personal_data_export")
def personal_data_export(*, user):
    return export(user=user)


@hooks.register("user_erasing")
def user_erasing(*, user):
    return erase(user=user)


@hooks.register("before_delete_page")
def refuse_deleting_records_or_translations(request, page):
    """Deleting a source page with learners' records or live translations is refused, with
    the reason (courses/deletion.py)."""
    reason = page_delete_refusal(page)
    if reason:
        messages.error(request, reason)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
