"""The cohort's module schedule (release and due days) and its settings: bad input is refused
with a message and writes nothing."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cohorts.models import ModuleSchedule
from cohorts.services import module_schedule_set
from courses.models import ModulePage
from tests.factories import cohorts as cf
from tests.factories.courses import course as make_course


def _cohort(course, trainer):
    today = timezone.now().date()
    return cf.cohort(
        course=course,
        trainer=trainer,
        pacing="scheduled",
        start_date=today,
        end_date=today + timedelta(days=41),
    )


def test_schedule_saved_for_every_module(trainer_client, trainer, course):
    cohort = _cohort(course, trainer)
    first, second = ModulePage.objects.child_of(course).order_by("path")
    url = reverse("cohorts:schedule", args=[cohort.pk])
    response = trainer_client.post(
        url,
        cf.schedule_grid({first: ("0", "13"), second: ("14", "41")}),
    )
    assert response.status_code == 302
    saved = dict(ModuleSchedule.objects.values_list("module_id", "due_day"))
    assert saved == {first.pk: 13, second.pk: 41}


def test_bad_days_are_refused_and_nothing_is_written(trainer_client, trainer, course):
    cohort = _cohort(course, trainer)
    first, second = ModulePage.objects.child_of(course).order_by("path")
    url = reverse("cohorts:schedule", args=[cohort.pk])
    cases = [
        ({"release": "-3", "due": "5"}, "Count days from the cohort's start: 0 or more."),
        ({"release": "10", "due": "5"}, "A module cannot be due before it opens."),
        (
            {"release": "0", "due": "60"},
            "Day 60 is after the cohort ends (its last day is day 41).",
        ),
        ({"release": "x", "due": "5"}, "Give whole numbers of days."),
    ]
    for bad, message in cases:
        response = trainer_client.post(
            url,
            # A good first row: it must not be saved either when the second is wrong.
            cf.schedule_grid({first: ("0", "13"), second: (bad["release"], bad["due"])}),
        )
        assert response.status_code == 400, bad
        assert escape(message) in response.content.decode(), bad
        assert not ModuleSchedule.objects.exists(), bad


def test_module_of_another_course_is_refused(trainer, course, home_page):

    cohort = _cohort(course, trainer)
    other = ModulePage.objects.child_of(make_course(title="Another")).first()
    try:
        module_schedule_set(cohort=cohort, module=other, release_day=0, due_day=3)
    except ValidationError as exc:
        assert "not part of the cohort's course" in exc.messages[0]
    else:
        raise AssertionError("a module of another course was accepted")
    assert not ModuleSchedule.objects.exists()


def test_capacity_below_the_members_is_refused(trainer_client, cohort):
    for _ in range(3):
        cf.member(cohort)
    url = reverse("cohorts:edit", args=[cohort.pk])
    form = trainer_client.get(url).context["form"]
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in ("trainers", "course")
    }
    data.update(
        {
            "course": cohort.course_id,
            "start_date": cohort.start_date.isoformat(),
            "end_date": cohort.end_date.isoformat(),
            "capacity": "2",
        }
    )
    response = trainer_client.post(url, data)
    assert "3 people are already in the cohort" in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.capacity == 40
