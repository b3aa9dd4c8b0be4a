"""What a learner did offline on a translated lesson is replayed onto the source lesson's
records, as it is online (learning.locales): one reflection, one progress row per step."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses.models import Reflection, StepProgress
from learning.locales import sync_trees
from tests.factories.courses import lessons
from tests.factories.translations import translate
from tests.offline.test_offline import h5p_course, item, reflection_block, sync  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def russian(h5p_course):  # noqa: F811 (a fixture)
    course, _first, _package = h5p_course
    sync_trees()
    return lessons(course)[1], translate(lessons(course)[1], "ru", title="Второй урок")


def test_an_older_offline_answer_on_the_russian_lesson_loses_to_the_english_one(
    learner_client, learner, russian
):
    english, translated = russian
    block = reflection_block(english)
    learner_client.post(f"{english.url}reflections/{block}/", {"answer": "Written online today"})
    old = item("reflection", lesson=translated.pk, block=block, answer="Written offline")
    old["recorded_at"] = (timezone.now() - timezone.timedelta(days=7)).isoformat()
    assert sync(learner_client, old).json()["results"][0]["status"] == "superseded"
    assert list(Reflection.objects.values_list("lesson_id", "answer")) == [
        (english.pk, "Written online today")
    ]
    newer = item("reflection", lesson=translated.pk, block=block, answer="Новее, офлайн")
    assert sync(learner_client, newer).json()["results"][0]["status"] == "recorded"
    assert list(Reflection.objects.values_list("lesson_id", "answer")) == [
        (english.pk, "Новее, офлайн")
    ]


def test_a_step_completed_offline_in_russian_counts_for_the_source_step(
    learner_client, learner, russian
):
    english, translated = russian
    learner_client.post(lessons(english.get_parent().get_parent().specific)[0].url + "complete/")
    done = item("step_complete", step=translated.pk)
    assert sync(learner_client, done).json()["results"][0]["status"] == "recorded"
    rows = StepProgress.objects.filter(user=learner, completed_at__isnull=False)
    assert english.pk in set(rows.values_list("step_id", flat=True))
    assert translated.pk not in set(rows.values_list("step_id", flat=True))


def test_offline_sizes_lists_each_course_once_with_seven_locales(h5p_course):  # noqa: F811
    sync_trees()
    out = StringIO()
    call_command("offline_sizes", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and lines[-1].startswith("All courses: "), lines
