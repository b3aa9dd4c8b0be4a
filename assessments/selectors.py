"""Reads of the assessments app: who may see what, results for the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from wagtail.fields import StreamField
from wagtail.models import Page

from courses.hooks import course_staff_scope_for
from courses.models import CoursePage, Enrollment
from learning.locales import source_page
from learning.roles import Role, has_role, is_administrator

from .grading import Kind, correct_answer_text, grade_question
from .h5p.blocks import H5P_BLOCK
from .h5p_completion import (  # noqa: F401 (read through selectors by hooks and services)
    h5p_completion_unmet,
    h5p_passed_pairs,
    h5p_required_choices,
    h5p_required_packages,
    h5p_step_unmet,
)
from .models import Attempt, AttemptState, H5PPackage, H5PResult, H5PState, QuizPage, RevealPolicy
from .services.quiz import attempt_questions, quiz_grade


def _walk_for_package(data, package_id: int) -> bool:
    if isinstance(data, dict):
        if data.get("type") == H5P_BLOCK:
            value = data.get("value")
            if isinstance(value, dict) and value.get("package") == package_id:
                return True
        return any(_walk_for_package(v, package_id) for v in data.values())
    if isinstance(data, list | tuple):
        return any(_walk_for_package(v, package_id) for v in data)
    return False


def page_embeds_package(page: Page, package: H5PPackage) -> bool:
    """Does a StreamField of this (specific) page place the package in an `h5p` block?"""
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            stream = getattr(page, field.name)
            raw = list(getattr(stream, "raw_data", []) or [])
            if _walk_for_package(raw, package.pk):
                return True
    return False


def h5p_page_for(*, request, package: H5PPackage, page_id: int) -> Page | None:
    """The live page that places this package, if the requester may see it; else None.

    A learner may play a package only through a page they may open: a live page that embeds
    it, whose view restrictions admit them, and (inside a course) that they may study.
    """
    user = request.user
    if not user.is_authenticated:
        return None
    page = Page.objects.live().filter(pk=page_id).first()
    if page is None:
        return None
    page = page.specific
    if not page_embeds_package(page, package):
        return None
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            return None
    # Enrolment is recorded on the source course, whatever language's page is played.
    if not _may_study(user, source_page(page)):
        return None
    return page


def _may_study(user, page: Page) -> bool:
    course = CoursePage.objects.ancestor_of(page, inclusive=True).first()
    if course is None:
        return True
    if user.has_perm("wagtailadmin.access_admin") or user.has_perm("assessments.view_itemanalysis"):
        return True
    return Enrollment.objects.filter(user=user, course=course).exclude(status="withdrawn").exists()


def h5p_state_for(*, user, package: H5PPackage) -> str | None:
    return (
        H5PState.objects.filter(user=user, package=package).values_list("data", flat=True).first()
    )


def h5p_latest_result(*, user, package: H5PPackage) -> H5PResult | None:
    if not user.is_authenticated:
        return None
    return H5PResult.objects.filter(user=user, package=package).first()


def h5p_results_for(*, user, limit: int = 10) -> list[H5PResult]:
    return list(H5PResult.objects.filter(user=user).select_related("package", "page")[:limit])


# --- quizzes ----------------------------------------------------------------------------------


@dataclass
class QuizOverview:
    attempts: list
    used: int
    allowed: int
    open_attempt: object | None
    can_start: bool
    reason: str
    grade: Decimal | None
    passed: bool


def quiz_overview(*, quiz, user, now=None) -> QuizOverview:
    """What the quiz page shows a learner: their attempts, grade, and whether they may start."""
    now = now or timezone.now()
    attempts = list(Attempt.objects.filter(user=user, quiz=quiz)) if user.is_authenticated else []
    open_attempt = next((a for a in attempts if a.state == AttemptState.IN_PROGRESS), None)
    submitted = sorted(
        (a for a in attempts if a.state == AttemptState.SUBMITTED),
        key=lambda a: (a.submitted_at, a.pk),
    )
    grade = quiz_grade(scores=[a.score for a in submitted], method=quiz.grading_method)
    reason = ""
    if not user.is_authenticated:
        reason = _("Sign in to take this quiz.")
    elif quiz.opens_at and now < quiz.opens_at:
        reason = _("This quiz opens on %(when)s.") % {
            "when": date_format(localtime(quiz.opens_at), "DATETIME_FORMAT")
        }
    elif quiz.closes_at and now >= quiz.closes_at:
        reason = _("This quiz is closed.")
    elif quiz.attempts_allowed and len(attempts) >= quiz.attempts_allowed and not open_attempt:
        reason = _("You have used all your attempts.")
    return QuizOverview(
        attempts=attempts,
        used=len(attempts),
        allowed=quiz.attempts_allowed,
        open_attempt=open_attempt,
        can_start=not reason or open_attempt is not None,
        reason=reason,
        grade=grade,
        passed=grade is not None and grade >= quiz.pass_mark,
    )


def attempt_language(attempt) -> str:
    """The language code of the page whose revision the attempt was taken on (one query)."""
    code = (
        Page.objects.filter(pk=attempt.revision.object_id)
        .values_list("locale__language_code", flat=True)
        .first()
    )
    return code or ""


def _revealed(policy: str, *, attempt, quiz, checked: bool, now) -> bool:
    submitted = attempt.state == AttemptState.SUBMITTED
    if policy == RevealPolicy.IMMEDIATELY:
        return submitted or checked
    if policy == RevealPolicy.AFTER_SUBMISSION:
        return submitted
    if policy == RevealPolicy.AFTER_CLOSE:
        return submitted and bool(quiz.closes_at) and now >= quiz.closes_at
    return False


def attempt_display(*, attempt, posted: dict | None = None, errors: dict | None = None, now=None):
    """The attempt's questions as the learner may see them now.

    Feedback, explanations, scores and correct answers are put in only when the quiz's
    policies allow; the templates cannot show what is not there.
    """
    now = now or timezone.now()
    quiz = attempt.quiz
    posted = posted or {}
    errors = errors or {}
    responses = {r.question_id: r for r in attempt.responses.all()}
    layout = attempt.layout.get("q", {})
    editable = attempt.state == "in_progress"
    shown = []
    for number, q in enumerate(attempt_questions(attempt), start=1):
        r = responses.get(q.id)
        answer = r.answer if r else {}
        checked = bool(r and r.checked_at)
        entry = {
            "id": q.id,
            "number": number,
            "kind": q.kind,
            "prompt": q.prompt,
            "points": q.points,
            "plural_points": 1 if q.points == 1 else 2,
            "unit": q.unit,
            "locked": checked or not editable,
            "error": errors.get(q.id, ""),
            "can_check": editable and not checked and quiz.feedback_policy == "immediately",
        }
        qlayout = layout.get(q.id, {})
        if q.kind in (Kind.SINGLE, Kind.MULTIPLE):
            chosen = (
                {answer.get("choice")} if q.kind == Kind.SINGLE else set(answer.get("choices", []))
            )
            entry["options"] = [
                {"token": token, "text": q.options[i].text, "chosen": i in chosen, "index": i}
                for token, i in qlayout.get("options", [])
            ]
        elif q.kind == Kind.TRUE_FALSE:
            value = answer.get("value")
            entry["value"] = "" if value is None else ("true" if value else "false")
        elif q.kind in (Kind.NUMERIC, Kind.SHORT_TEXT):
            saved = answer.get("raw", answer.get("text", ""))
            entry["value"] = posted.get(q.id, saved)
        elif q.kind == Kind.MATCHING:
            pairs = answer.get("pairs", {})
            tokens = {i: token for token, i in qlayout.get("matches", [])}
            entry["matches"] = [
                {"token": token, "text": q.matches[i]} for token, i in qlayout.get("matches", [])
            ]
            entry["premises"] = [
                {"index": p, "text": q.pairs[p][0], "chosen": tokens.get(pairs.get(str(p)), "")}
                for p in qlayout.get("premises", [])
            ]
        elif q.kind == Kind.ORDERING:
            order = answer.get("order", [])
            position = {i: pos for pos, i in enumerate(order, start=1)}
            entry["items"] = [
                {"token": token, "text": q.items[i], "position": position.get(i, "")}
                for token, i in qlayout.get("items", [])
            ]
            entry["positions"] = list(range(1, len(q.items) + 1))
        if _revealed(quiz.feedback_policy, attempt=attempt, quiz=quiz, checked=checked, now=now):
            result = grade_question(q, answer or None)
            entry["result"] = {
                "points": result.points,
                "max": result.max_points,
                "correct": result.correct,
                "partly": 0 < result.fraction < 1,
                "answered": result.answered,
            }
            entry["feedback"] = result.feedback
            entry["explanation"] = q.explanation
        if _revealed(quiz.answers_policy, attempt=attempt, quiz=quiz, checked=checked, now=now):
            entry["correct_answer"] = correct_answer_text(q)
        shown.append(entry)
    return shown


def attempts_for_dashboard(*, user, limit: int = 10) -> list:
    return list(
        Attempt.objects.filter(user=user)
        .exclude(state="in_progress")
        .select_related("quiz")
        .order_by("-submitted_at", "-id")[:limit]
    )


def quiz_grades_for(*, user_ids: list[int], step_ids: list[int]) -> dict[tuple[int, int], float]:
    """Each learner's grade (%) on each of these quizzes, by the quiz's grading method.

    Two queries whatever the number of learners and quizzes; used by cohorts' progress matrix
    through the `cohort_step_scores` hook.
    """
    methods = dict(QuizPage.objects.filter(pk__in=step_ids).values_list("pk", "grading_method"))
    if not methods or not user_ids:
        return {}
    scores: dict[tuple[int, int], list] = {}
    for user_id, quiz_id, score in (
        Attempt.objects.filter(
            user_id__in=user_ids, quiz_id__in=methods, state=AttemptState.SUBMITTED
        )
        .order_by("submitted_at", "id")
        .values_list("user_id", "quiz_id", "score")
    ):
        scores.setdefault((user_id, quiz_id), []).append(score)
    grades = {}
    for key, values in scores.items():
        grade = quiz_grade(scores=values, method=methods[key[1]])
        if grade is not None:
            grades[key] = float(grade)
    return grades


def quiz_analysis_allowed(*, user, quiz) -> bool:
    """Whether this person may read the quiz's item analysis: editors and administrators any
    quiz, trainers the quizzes of the courses their cohorts run (the courses app's
    `course_staff_scope` hook). No query for someone without the permission."""
    if not user.has_perm("assessments.view_itemanalysis"):
        return False
    if is_administrator(user) or has_role(user, Role.CONTENT_EDITOR):
        return True
    course = CoursePage.objects.ancestor_of(quiz).only("pk").first()
    return course is not None and course_staff_scope_for(user).covers_course(course.pk)


def quiz_for_analysis(*, user, quiz_id: int):
    """The quiz if `quiz_analysis_allowed`; `PermissionDenied` otherwise,
    `QuizPage.DoesNotExist` if there is no such quiz."""
    quiz = source_page(QuizPage.objects.get(pk=quiz_id))  # any language's page: the source
    if not quiz_analysis_allowed(user=user, quiz=quiz):
        raise PermissionDenied
    return quiz
