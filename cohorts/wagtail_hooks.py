"""What the cohorts app adds to the site shell, the learner's dashboard and certificates."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from courses.hooks import CourseStaffScope

from . import inbox, selectors, services, zones
from .models import Cohort, MembershipStatus
from .personal_data import personal_data_export as export
from .personal_data import user_erasing as erase


def _memberships(request) -> list:
    """The learner's memberships, read once per request for the three dashboard panels."""
    if not hasattr(request, "cohort_memberships"):
        request.cohort_memberships = selectors.memberships_of(user=request.user)
    return request.cohort_memberships


@hooks.register("site_nav_items")
def my_cohorts_nav_item(request):
    if selectors.is_trainer(request.user):
        return (40, _("My cohorts"), reverse("cohorts:trainer_home"))
    return None


@hooks.register("learner_dashboard_panels")
def cohort_dashboard_panel(request):
    active = [m.cohort for m in _memberships(request) if m.status == MembershipStatus.ACTIVE]
    entries = selectors.learner_cohorts(user=request.user, cohorts=active)
    if not entries:
        return None
    token = services.calendar_token_for(user=request.user)
    return {
        "template": "cohorts/panels/learner_cohorts.html",
        "order": 20,
        "entries": entries,
        "feed_url": request.build_absolute_uri(reverse("cohorts:learner_feed", args=[token.token])),
        "zone": zones.learner_zone(request.user),
    }


@hooks.register("learner_dashboard_panels")
def cohort_invitations_panel(request):
    """Invitations of an existing account wait here for an answer (accept or decline)."""
    invitations = [m for m in _memberships(request) if m.status == MembershipStatus.INVITED]
    if not invitations:
        return None
    return {
        "template": "cohorts/panels/invitations.html",
        "order": 15,
        "invitations": invitations,
    }


@hooks.register("learner_dashboard_panels")
def cohort_messages_panel(request):
    """What trainers wrote to the learner's cohorts, kept here as well as e-mailed."""
    active = any(m.status == MembershipStatus.ACTIVE for m in _memberships(request))
    messages = list(inbox.messages_for(user=request.user)) if active else []
    if not messages:
        return None
    return {
        "template": "cohorts/panels/messages.html",
        "order": 18,
        "messages": messages,
        "zone": zones.learner_zone(request.user),
    }


@hooks.register("course_staff_scope")
def trainer_staff_scope(*, user):
    """A trainer oversees the courses of the cohorts they run and those cohorts' members."""
    oversight = selectors.trainer_oversight(user=user)
    if oversight is None:
        return None
    course_ids, learners = oversight
    return CourseStaffScope(course_ids=course_ids, learners=learners)


@hooks.register("course_module_locks")
def cohort_module_locks(*, user, course_ids):
    """Modules that the learner's scheduled cohorts have not released yet (the courses app
    locks their steps): {module page id: reason}."""
    return selectors.unreleased_modules(user=user, course_ids=course_ids)


@hooks.register("certificate_requirements")
def cohort_attendance_requirement(user, course):
    """Unmet attendance for the learner's cohort(s) of this course, as messages."""
    return services.attendance_requirement_unmet(user=user, course=course)


@hooks.register("certificate_template_for")
def cohort_certificate_template(user, course):
    """The template chosen for the learner's cohort of this course, if any."""
    return services.cohort_certificate_template(user=user, course=course)


@hooks.register("certificate_context_for")
def cohort_certificate_context(user, course):
    """The learner's most recent cohort of this course: one certificate per cohort."""
    cohort = (
        Cohort.objects.filter(
            course=course, memberships__user=user, memberships__status=MembershipStatus.ACTIVE
        )
        .order_by("-start_date", "-pk")
        .only("pk", "name")
        .first()
    )
    return (f"cohort:{cohort.pk}", cohort.name) if cohort else None


@hooks.register("personal_data_export")
def personal_data_export(*, user):
    return export(user=user)


@hooks.register("user_erasing")
def user_erasing(*, user):
    return erase(user=user)
