"""A course's prerequisites, and which of them a learner has still to complete."""

from django.core.cache import cache

from learning.pagetree import tree_version

from .models import CoursePage, Enrollment, EnrollmentStatus


def course_prerequisites(course: CoursePage, *, preview: bool = False) -> list[CoursePage]:
    """Live prerequisites, cached until the tree changes; a preview reads the draft's relation
    (modelcluster's in-memory queryset, hence .all() rather than .live())."""

    def live():
        return [p for p in course.prerequisites.all() if p.live]

    if preview or course.pk is None:
        return live()
    found = cache.get_or_set(f"courses:prerequisites:{tree_version()}:{course.pk}", live, 3600)
    return found or []


def unmet_prerequisites(*, user, course: CoursePage) -> list[CoursePage]:
    prerequisites = course_prerequisites(course)
    if not prerequisites:
        return []
    done = set(
        Enrollment.objects.filter(
            user=user, course__in=prerequisites, status=EnrollmentStatus.COMPLETED
        ).values_list("course_id", flat=True)
    )
    return [p for p in prerequisites if p.pk not in done]
