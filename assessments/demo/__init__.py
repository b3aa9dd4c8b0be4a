"""Demo assessments: a quiz at the end of each demo course and an H5P activity.

`load(*, stdout)` is idempotent: quizzes are found by slug under their module, the H5P package
by title, and only what is missing is created (through Wagtail's API and the services). The
quizzes and the practice lesson's text are content files (`content/<language>/`, read by
`files.py`); `load_translations` loads the other languages through wagtail-localize. The H5P
package is built from Socle's own content type (assessments/h5p_library/), so the demo plays
offline.
"""

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from courses.models import CoursePage, LessonPage, ModulePage

from ..h5p.build import SAMPLE_CONTENT, package_build
from ..models import H5PPackage, QuizPage
from ..services import attempt_start, attempt_submit, h5p_package_create
from ..services.quiz import attempt_questions
from . import files
from .translations import load_translations

__all__ = ["H5P_TITLE", "h5p_demo_package", "load", "load_translations", "quiz_pass_for_demo"]

H5P_TITLE = "Knowledge check: social protection floors"


def _add_missing(quiz: QuizPage, questions: list[dict]) -> bool:
    """Append the demo questions a quiz made by an earlier demo lacks (by their stable ids),
    and publish; a quiz that has them all is left alone."""
    present = {block.id for block in quiz.questions}
    missing = [q for q in questions if q["id"] not in present]
    if not missing:
        return False
    raw = list(quiz.questions.raw_data) + missing
    quiz.questions = raw
    quiz.save_revision().publish()
    return True


def _quiz(module: ModulePage, fields: dict) -> tuple[QuizPage, str]:
    found = QuizPage.objects.child_of(module).filter(slug=fields["slug"]).first()
    if found is not None:
        return found, "completed" if _add_missing(found, fields["questions"]) else "unchanged"
    quiz = QuizPage(**fields)
    module.add_child(instance=quiz)
    quiz.save_revision().publish()
    return quiz, "created"


def h5p_demo_package() -> H5PPackage:
    found = H5PPackage.objects.filter(title=H5P_TITLE).first()
    if found is not None:
        return found
    data = package_build(title=H5P_TITLE, content=SAMPLE_CONTENT)
    upload = io.BytesIO(data)
    upload.size = len(data)
    upload.name = "knowledge-check.h5p"
    # Socle's own library: a newer patch from this code base replaces the installed one.
    return h5p_package_create(
        title=H5P_TITLE, upload=upload, may_install_libraries=True, confirm_library_updates=True
    )


@transaction.atomic
def load(*, stdout) -> None:
    for course_slug, fields in files.read_quizzes().values():
        course = CoursePage.objects.filter(slug=course_slug).first()
        if course is None:
            stdout.write(f"Course {course_slug!r} not found: its quiz is skipped.")
            continue
        module = ModulePage.objects.child_of(course).live().order_by("-path").first()
        quiz, status = _quiz(module, fields)
        stdout.write(f"Quiz {quiz.title!r}: {status}.")
    _practice_lesson(stdout)


def _practice_lesson(stdout) -> None:
    """The H5P practice lesson in the first module of the governance course."""
    package = h5p_demo_package()
    practice = files.read_practice()
    course = CoursePage.objects.filter(slug="governance-of-social-security").first()
    if course is None or practice is None:
        return
    module = ModulePage.objects.child_of(course).live().order_by("path").first()
    text = practice.pop("text")
    if LessonPage.objects.child_of(module).filter(slug=practice["slug"]).exists():
        return
    lesson = LessonPage(
        **practice, body=[("paragraph", text), ("h5p", {"package": package, "title": ""})]
    )
    module.add_child(instance=lesson)
    lesson.save_revision().publish()
    stdout.write(f"H5P activity added to {module.title!r}.")


def quiz_pass_for_demo(*, user, quiz: QuizPage) -> bool:
    """Take the quiz for a demo learner with every answer right, through the real services
    (an attempt that is started, graded and submitted), so the step completes as it does for
    a learner: demo certificates are earned. False when the learner may not take it now."""
    try:
        attempt = attempt_start(user=user, quiz=quiz)
    except (PermissionDenied, ValidationError):
        return False
    layout = attempt.layout["q"]
    answers = {q.id: _right_answer(q, layout.get(q.id, {})) for q in attempt_questions(attempt)}
    return attempt_submit(user=user, attempt=attempt, answers=answers).passed


def _right_answer(q, entry: dict):
    """The right answer to one question as the attempt's form would post it (tokens)."""
    token_of = {index: token for token, index in entry.get("options", [])}
    if q.kind == "single_choice":
        return next(token_of[i] for i, o in enumerate(q.options) if o.correct)
    if q.kind == "multiple_response":
        return [token_of[i] for i, o in enumerate(q.options) if o.correct]
    if q.kind == "true_false":
        return "true" if q.answer_bool else "false"
    if q.kind == "numeric":
        return str(q.number)
    if q.kind == "short_text":
        return q.accepted[0]
    if q.kind == "matching":
        match_token = {index: token for token, index in entry.get("matches", [])}
        return {str(p): match_token[p] for p in entry.get("premises", [])}
    if q.kind == "ordering":
        return {token: str(index + 1) for token, index in entry.get("items", [])}
    return ""
