"""What the discussions add to the cohorts' and courses' pages (hooks those apps define)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from . import personal_data, selectors


@hooks.register("cohort_page_links")
def cohort_discussions_link(*, request, cohort):
    """The cohorts app calls this only for someone who may see the cohort: no query."""
    return [(_("Discussions"), reverse("discussions:space", args=[cohort.pk]))]


@hooks.register("course_page_links")
def course_discussions_links(*, request, course):
    """A link to the discussions of each of the visitor's cohorts of this course (one query
    for a signed-in visitor, none for anyone else)."""
    cohorts = selectors.spaces_of(user=request.user, course_id=course.pk)
    if len(cohorts) == 1:
        return [
            (_("Discussions of your cohort"), reverse("discussions:space", args=[cohorts[0].pk]))
        ]
    return [
        (
            _("Discussions of %(cohort)s") % {"cohort": cohort.name},
            reverse("discussions:space", args=[cohort.pk]),
        )
        for cohort in cohorts
    ]


@hooks.register("personal_data_export")
def personal_data_export(*, user):
    return personal_data.personal_data_export(user=user)


@hooks.register("user_erasing")
def user_erasing(*, user):
    return personal_data.user_erasing(user=user)
