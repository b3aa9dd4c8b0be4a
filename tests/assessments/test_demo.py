"""Demo assessments: a quiz of at least 8 questions per demo course, an H5P activity; idempotent."""

import io

import pytest

from assessments import demo as assessments_demo
from assessments.models import H5PPackage, QuizPage
from courses import demo as courses_demo
from courses.models import CoursePage, LessonPage

pytestmark = pytest.mark.django_db


def load_all():
    out = io.StringIO()
    courses_demo.load(stdout=out)
    assessments_demo.load(stdout=out)
    return out.getvalue()


def test_each_demo_course_gets_a_quiz_and_reloading_changes_nothing():
    load_all()
    counts = (QuizPage.objects.count(), H5PPackage.objects.count(), LessonPage.objects.count())
    load_all()
    assert (
        QuizPage.objects.count(),
        H5PPackage.objects.count(),
        LessonPage.objects.count(),
    ) == counts
    for course in CoursePage.objects.live():
        quizzes = QuizPage.objects.live().descendant_of(course)
        assert quizzes.count() == 1, course.title
        assert len(quizzes.get().questions) >= 8
    actuarial = QuizPage.objects.get(slug="quiz-actuarial-indicators")
    kinds = [block.block_type for block in actuarial.questions]
    assert kinds.count("numeric") >= 5
    assert kinds.count("calculated") >= 3
    sources = {
        b.value["answer_source"] for b in actuarial.questions if b.block_type == "calculated"
    }
    assert sources == {"formula", "model"}
    for quiz in QuizPage.objects.all():  # every demo question passes the editor's validation
        for block in quiz.questions:
            block.block.clean(block.value)
    h5p_lesson = LessonPage.objects.get(slug="practice-social-protection-floors")
    assert [b.block_type for b in h5p_lesson.body][-1] == "h5p"
    assert h5p_lesson.live and not h5p_lesson.is_required


def test_reloading_adds_the_calculated_questions_to_an_older_demo_quiz():
    load_all()
    quiz = QuizPage.objects.get(slug="quiz-actuarial-indicators")
    older = [b for b in quiz.questions.raw_data if b["type"] != "calculated"]
    quiz.questions = older
    quiz.save_revision().publish()
    assert "completed" in load_all()
    quiz = QuizPage.objects.get(pk=quiz.pk)
    kinds = [block.block_type for block in quiz.questions]
    assert kinds.count("calculated") == 3 and len(kinds) == len(older) + 3
    assert "completed" not in load_all()
