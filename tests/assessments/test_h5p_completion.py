"""A course decides whether an H5P activity counts toward completion."""

from decimal import Decimal

import pytest

from assessments.models import H5PResult, H5PStatement
from courses.models import Enrollment, LessonPage
from courses.services import course_complete_if_done, step_complete
from tests.factories import enrolled, h5p_package
from tests.factories.courses import course as make_course
from tests.factories.courses import lessons

pytestmark = pytest.mark.django_db


def result(user, package, *, success, scaled="1"):
    statement = H5PStatement.objects.create(
        user=user, package=package, verb="answered", statement={}
    )
    return H5PResult.objects.create(
        user=user,
        package=package,
        statement=statement,
        verb="answered",
        score_raw=Decimal(scaled),
        score_max=1,
        scaled=Decimal(scaled),
        success=success,
    )


@pytest.mark.parametrize("required", [True, False])
def test_a_required_activity_must_be_passed(learner, required):
    package = h5p_package()
    course = make_course(modules=1, steps_per_module=1)
    lesson = LessonPage.objects.get(pk=lessons(course)[0].pk)
    lesson.body = [
        *lesson.body.raw_data,
        {"type": "h5p", "value": {"package": package.pk, "title": "", "required": required}},
    ]
    lesson.save_revision().publish()
    enrolled(learner, lesson)
    step_complete(user=learner, step=lesson)
    assert course_complete_if_done(user=learner, course=course) is (not required)
    if required:
        result(learner, package, success=False, scaled="0")
        assert course_complete_if_done(user=learner, course=course) is False
        result(learner, package, success=True)
        assert course_complete_if_done(user=learner, course=course) is True
    assert Enrollment.objects.get(user=learner, course=course).status == "completed"
