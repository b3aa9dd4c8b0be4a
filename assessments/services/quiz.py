"""Quiz services: start an attempt, save responses, submit; time limits kept on the server.

Attempts are pinned to the quiz revision they started on, and graded by the pure functions in
`assessments.grading` from that revision's questions and the saved responses. Every change to
an attempt takes a row lock and bumps `version`, so a stale or replayed form is refused
(AttemptConflict, HTTP 409) instead of overwriting newer answers.
"""

from __future__ import annotations

import logging
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from decimal import Decimal
from random import Random

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Revision

from courses.services import step_access_assert, step_complete_through_result
from learning.locales import source_page
from learning.safeinput import ascii_int

from ..blocks import question_specs
from ..calculated import resolve
from ..grading import AnswerError, Question, grade_attempt, grade_question
from ..models import Attempt, AttemptState, GradingMethod, OverduePolicy, QuizPage, Response
from .answers import normalise_answer
from .fast_insert import responses_insert
from .layout import layout_draw

log = logging.getLogger(__name__)

# Loaded only on a cache miss: the revision's whole page JSON and the live questions.
HEAVY_FIELDS = ("revision__content", "quiz__questions", "quiz__intro")
# The form's answers, or a function reading them from the form once the attempt is locked
# (so the view need not read the attempt a first time to learn its layout).
Answers = dict | Callable[[Attempt], dict]


class AttemptConflict(Exception):
    """The attempt changed since the form was loaded, or was already submitted (409)."""


class AttemptNotFound(PermissionDenied):
    """No attempt of this learner has that id (views answer 404: it is someone else's)."""


class AttemptClosed(ValidationError):
    """Time is up, or the quiz is closed."""


# --- questions of a revision (revisions never change, so their specs are cached) -------------

_SPECS: OrderedDict[tuple, list[Question]] = OrderedDict()
_SPECS_MAX = 256


def revision_questions(revision) -> list[Question]:
    # Keyed by id and creation time: a rolled-back database may hand out an id again.
    key = (revision.pk, revision.created_at)
    specs = _SPECS.get(key)
    if specs is None:
        specs = question_specs(revision.as_object().questions)
        _SPECS[key] = specs
        while len(_SPECS) > _SPECS_MAX:
            _SPECS.popitem(last=False)
    else:
        _SPECS.move_to_end(key)
    return specs


def attempt_questions(attempt: Attempt) -> list[Question]:
    """The attempt's questions, in the order it shows them."""
    by_id = {q.id: q for q in revision_questions(attempt.revision)}  # resolve: drawn numbers
    return [resolve(by_id[qid], attempt.layout) for qid in attempt.question_ids if qid in by_id]


# --- lifecycle --------------------------------------------------------------------------------


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _is_overdue(attempt: Attempt, quiz: QuizPage, now: datetime) -> bool:
    if attempt.deadline is None:
        return False
    return now > attempt.deadline + timedelta(seconds=quiz.grace_period_seconds)


def _assert_may_study(user, quiz: QuizPage) -> None:
    """Enrolled, not withdrawn, and the quiz not locked (an earlier step, a release date):
    a quiz in a locked module cannot be taken, so it can never be passed there."""
    step_access_assert(user=user, step=quiz)


def attempt_start(*, user, quiz: QuizPage, now: datetime | None = None, seed=None) -> Attempt:
    """Start an attempt, or return the one already in progress (resume on any device).

    The checks that only read (published, may study, the revision's questions) run before the
    transaction: on SQLite a transaction holds the single writer's lock from its first
    statement, and a room submitting at once queues on it (bench/classroom.py)."""
    now = _now(now)
    shown = QuizPage.objects.get(pk=quiz.pk)
    # One record across languages: the attempt belongs to the source quiz (its settings, the
    # count of attempts), and is taken on the revision of the page the learner reads: a
    # translation's own, or the source's for an alias (which shows the source's content).
    quiz = source_page(shown)
    if not (quiz.live and shown.live):
        raise ValidationError(_("This quiz is not published."))
    _assert_may_study(user, quiz)
    content = quiz if shown.alias_of_id else shown
    revision = content.live_revision or content.latest_revision
    questions = revision_questions(revision)
    with transaction.atomic():
        # One learner's starts run one at a time, so two clicks never make two attempts.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        attempts_close_overdue(user=user, quiz=quiz, now=now)
        current = Attempt.objects.filter(
            user=user, quiz=quiz, state=AttemptState.IN_PROGRESS
        ).first()
        if current is not None:
            return current
        used = Attempt.objects.filter(user=user, quiz=quiz).count()
        _assert_may_open(quiz, now, used, questions)
        deadline = None
        if quiz.time_limit_minutes:
            deadline = now + timedelta(minutes=quiz.time_limit_minutes)
        if quiz.closes_at:
            deadline = min(deadline, quiz.closes_at) if deadline else quiz.closes_at
        attempt = Attempt(
            user=user,
            quiz=quiz,
            revision=revision,
            number=used + 1,
            started_at=now,
            deadline=deadline,
            layout=layout_draw(quiz, questions, Random(seed)),  # noqa: S311 - order, not secrets
        )
        attempt.full_clean(exclude=["user", "quiz", "revision"])
        try:
            with transaction.atomic():
                attempt.save()
        except IntegrityError:
            # Another request started one at the same moment (possible without row locks).
            attempt = Attempt.objects.get(user=user, quiz=quiz, state=AttemptState.IN_PROGRESS)
        return attempt


def _assert_may_open(quiz: QuizPage, now: datetime, used: int, questions: list) -> None:
    """A new attempt: the quiz open, attempts left, and questions to ask."""
    if quiz.opens_at and now < quiz.opens_at:
        raise ValidationError(_("This quiz is not open yet."))
    if quiz.closes_at and now >= quiz.closes_at:
        raise ValidationError(_("This quiz is closed."))
    if quiz.attempts_allowed and used >= quiz.attempts_allowed:
        raise ValidationError(
            _("You have used all %(n)s attempts allowed for this quiz.")
            % {"n": quiz.attempts_allowed}
        )
    if not questions:
        raise ValidationError(_("This quiz has no questions yet."))


# What the services read of the quiz under an attempt's lock: its settings, not the page's
# content (the page itself is loaded only when a passed attempt completes the step).
LOCKED_QUIZ_FIELDS = (
    "pass_mark",
    "grace_period_seconds",
    "overdue_policy",
    "grading_method",
    "feedback_policy",
)


def attempt_locked(attempt: Attempt | uuid.UUID | str | int, user=None) -> Attempt:
    """The attempt, row-locked until the transaction ends, with its quiz's settings.

    `attempt` is an Attempt, its uuid (what a URL holds) or its pk; with `user`, another
    learner's attempt is not found. One statement: only the attempt's row is locked, since
    locking the quiz page too would queue every learner of the quiz behind each other.
    """
    lookup: dict[str, object]
    if isinstance(attempt, Attempt):
        lookup = {"pk": attempt.pk}
    elif isinstance(attempt, int):
        lookup = {"pk": attempt}
    else:
        lookup = {"uuid": attempt}
    if user is not None:
        lookup["user"] = user
    # values_list, then the models' public `from_db`: the same SQL as select_related with
    # only(), for less than half the CPU (no deferred-model classes to build per query).
    attempt_names = [f.attname for f in Attempt._meta.concrete_fields]
    try:  # a uuid that is not one is refused while the query is built (ValidationError)
        row = (
            Attempt.objects.select_for_update(of=("self",))
            .filter(**lookup)
            .values_list(
                *attempt_names,
                *(f"quiz__{name}" for name in LOCKED_QUIZ_FIELDS),
                "revision__created_at",
            )
            .get()
        )
    except (Attempt.DoesNotExist, ValidationError) as exc:
        raise AttemptNotFound(_("This is not your attempt.")) from exc
    n = len(attempt_names)
    db = Attempt.objects.db
    found = Attempt.from_db(db, attempt_names, row[:n])
    found.quiz = QuizPage.from_db(
        db, ["id", "page_ptr_id", *LOCKED_QUIZ_FIELDS], [found.quiz_id, found.quiz_id, *row[n:-1]]
    )
    found.revision = Revision.from_db(db, ["id", "created_at"], [found.revision_id, row[-1]])
    if user is not None:
        found.user = user
    return found


def _read_answers(answers: Answers | None, attempt: Attempt) -> dict:
    if callable(answers):
        return answers(attempt)
    return answers or {}


def _save_answers(
    attempt: Attempt, answers: dict, *, check: str | None, now: datetime, finish: bool = False
):
    """Validate and store answers; with `finish`, also grade every response of the attempt.

    Changed rows are deleted and inserted again (two statements for any number of answers)
    rather than updated one by one. Returns the AttemptResult when finishing.
    """
    layout = attempt.layout.get("q", {})
    unknown = sorted(str(qid) for qid in answers if qid not in layout)
    if check and check not in layout:
        unknown.append(str(check))
    if unknown:
        raise ValidationError(
            _("These questions are not part of this attempt: %(ids)s.")
            % {"ids": ", ".join(unknown)}
        )
    questions = {q.id: q for q in attempt_questions(attempt)}
    existing = {r.question_id: r for r in Response.objects.filter(attempt=attempt)}
    errors: dict[str, str] = {}
    normalised: dict[str, dict | None] = {}
    for qid, raw in answers.items():
        try:
            value = normalise_answer(questions[qid], layout[qid], raw)
        except AnswerError as exc:
            errors[qid] = str(exc)
            continue
        current = existing.get(qid)
        if current is not None and current.checked_at is not None:
            if value != current.answer:
                errors[qid] = _("You have checked this answer; it can no longer change.")
            continue
        normalised[qid] = value
    if errors:
        raise ValidationError(errors)

    final = dict(existing)
    removed: list[int] = []
    written: dict[str, Response] = {}

    def rewrite(response: Response) -> None:
        if response.pk is not None:
            removed.append(response.pk)
            response.pk = None  # written again as a new row below
        written[response.question_id] = response

    for qid, value in normalised.items():
        current = existing.get(qid)
        if value is None:
            if current is not None:
                removed.append(current.pk)
                final.pop(qid)
        elif current is None or current.answer != value:
            fresh = Response(attempt=attempt, question_id=qid, answer=value)
            if current is not None:
                removed.append(current.pk)
            final[qid] = written[qid] = fresh
    if check:
        current = final.get(check)
        if current is None:
            raise ValidationError({check: _("Answer the question before checking it.")})
        if current.checked_at is None:
            graded = grade_question(questions[check], current.answer)
            current.fraction, current.points = graded.fraction, graded.points
            current.checked_at = now
            if check not in written:
                rewrite(current)
    result = None
    if finish:
        shown = [questions[qid] for qid in attempt.question_ids if qid in questions]
        result = grade_attempt(shown, {qid: r.answer for qid, r in final.items()})
        for qid, response in final.items():
            regraded = result.questions.get(qid)
            if regraded is None:
                continue
            if response.fraction != regraded.fraction or response.points != regraded.points:
                response.fraction, response.points = regraded.fraction, regraded.points
                if qid not in written:
                    rewrite(response)
    if removed:
        Response.objects.filter(pk__in=removed).delete()
    if written:
        responses_insert(list(written.values()))
    return result


def response_save(
    *,
    user,
    attempt: Attempt | uuid.UUID,
    answers: Answers | None = None,
    version: int | None = None,
    check: str | None = None,
    now: datetime | None = None,
) -> Attempt:
    """Save answers (question id -> what the form posted); optionally check one question.

    Checking is only offered when the quiz shows feedback immediately; a checked answer is
    graded at once and cannot change afterwards. Bad input raises ValidationError keyed by
    question, and nothing is saved. `attempt` may be the attempt or its uuid.
    """
    now = _now(now)
    with transaction.atomic():
        attempt = attempt_locked(attempt, user)
        if attempt.state != AttemptState.IN_PROGRESS:
            raise AttemptConflict(_("This attempt is already finished."))
        late = _is_overdue(attempt, attempt.quiz, now)
        if late:
            _close_overdue(attempt, now=now)  # committed: the attempt is over either way
        else:
            if version is not None and ascii_int(version, name="version") != attempt.version:
                raise AttemptConflict(
                    _("This attempt was changed elsewhere (another tab or device).")
                )
            if check and attempt.quiz.feedback_policy != "immediately":
                raise ValidationError(_("This quiz does not check answers one by one."))
            _save_answers(attempt, _read_answers(answers, attempt), check=check, now=now)
            attempt.version += 1
            _store(attempt, "version")
    if late:
        raise AttemptClosed(_("Time was up, so these answers came too late and were not saved."))
    return attempt


def _store(attempt: Attempt, *fields: str) -> None:
    """Write these fields of the locked attempt: one UPDATE, without `save()`'s signals and
    bookkeeping (nothing listens to attempts' saves)."""
    Attempt.objects.filter(pk=attempt.pk).update(
        **{name: getattr(attempt, name) for name in fields}
    )


def _finish(
    attempt: Attempt, *, now: datetime, answers: dict | None = None, overdue: bool = False
) -> None:
    result = _save_answers(attempt, answers or {}, check=None, now=now, finish=True)
    attempt.points = result.points
    attempt.max_points = result.max_points
    attempt.score = result.percent
    attempt.passed = result.percent >= attempt.quiz.pass_mark
    attempt.state = AttemptState.SUBMITTED
    attempt.submitted_at = now
    attempt.overdue = overdue
    attempt.version += 1
    # The check constraints hold the invariants (score 0-100, a submitted attempt has one).
    _store(
        attempt,
        "points",
        "max_points",
        "score",
        "passed",
        "state",
        "submitted_at",
        "overdue",
        "version",
    )
    _complete_step_if_passed(attempt)


def _complete_step_if_passed(attempt: Attempt) -> None:
    if not attempt.passed and attempt.quiz.grading_method != GradingMethod.AVERAGE:
        return  # a failed attempt cannot raise the highest or last grade to a pass
    quiz = attempt.quiz
    grade = quiz_grade(
        scores=list(
            Attempt.objects.filter(
                user_id=attempt.user_id, quiz_id=attempt.quiz_id, state=AttemptState.SUBMITTED
            )
            .order_by("submitted_at", "id")
            .values_list("score", flat=True)
        ),
        method=quiz.grading_method,
    )
    if grade is None or grade < quiz.pass_mark:
        return

    # The lock read only the quiz's settings; completing the step needs the page (its tree).
    page = QuizPage.objects.defer("questions", "intro").get(pk=attempt.quiz_id)
    try:
        step_complete_through_result(user=attempt.user, step=page)
    except PermissionDenied:
        # Not enrolled any more, or the step is locked: the attempt still stands.
        log.info(
            "quiz %s passed by %s but the step could not be completed", quiz.pk, attempt.user_id
        )


def quiz_grade(*, scores: Iterable[Decimal | None], method: str) -> Decimal | None:
    """The quiz's grade from submitted attempts' scores, oldest first."""
    present = [s for s in scores if s is not None]
    if not present:
        return None
    if method == GradingMethod.LAST:
        return present[-1]
    if method == GradingMethod.AVERAGE:
        return (sum(present, Decimal(0)) / len(present)).quantize(Decimal("0.01"))
    return max(present)


def attempt_submit(
    *,
    user,
    attempt: Attempt | uuid.UUID,
    answers: Answers | None = None,
    version: int | None = None,
    now: datetime | None = None,
) -> Attempt:
    """Grade and close an attempt, exactly once; late ones follow the quiz's overdue policy.

    `attempt` may be the attempt or its uuid; answers sent after deadline + grace are not read.
    """
    now = _now(now)
    late = False
    with transaction.atomic():
        attempt = attempt_locked(attempt, user)
        if attempt.state != AttemptState.IN_PROGRESS:
            raise AttemptConflict(_("This attempt was already submitted."))
        if version is not None and ascii_int(version, name="version") != attempt.version:
            raise AttemptConflict(_("This attempt was changed elsewhere (another tab or device)."))
        if _is_overdue(attempt, attempt.quiz, now):
            late = True
            _close_overdue(attempt, now=now)
        else:
            _finish(attempt, now=now, answers=_read_answers(answers, attempt))
    if late:
        if attempt.state == AttemptState.SUBMITTED:
            raise AttemptClosed(
                _(
                    "Time was up, so this submission came too late. The answers saved before "
                    "the deadline have been graded."
                )
            )
        raise AttemptClosed(_("Time was up, so this attempt does not count."))
    return attempt


def _close_overdue(attempt: Attempt, *, now: datetime) -> None:
    if attempt.quiz.overdue_policy == OverduePolicy.AUTO_SUBMIT:
        _finish(attempt, now=now, overdue=True)
    else:
        attempt.state = AttemptState.DISCARDED
        attempt.overdue = True
        attempt.version += 1
        _store(attempt, "state", "overdue", "version")


def _close_if_overdue(pk: int, *, user=None, now: datetime) -> bool:
    with transaction.atomic():
        attempt = attempt_locked(pk, user)
        if attempt.state != AttemptState.IN_PROGRESS or not _is_overdue(attempt, attempt.quiz, now):
            return False  # submitted or closed meanwhile: nothing to do
        _close_overdue(attempt, now=now)
        return True


def attempts_close_overdue(*, user, quiz: QuizPage, now: datetime | None = None) -> int:
    """Close this learner's attempts whose time (plus grace) is over; returns how many."""
    now = _now(now)
    candidates = Attempt.objects.filter(
        user=user, quiz=quiz, state=AttemptState.IN_PROGRESS, deadline__lt=now
    ).values_list("pk", "deadline")
    grace = timedelta(seconds=quiz.grace_period_seconds)
    return sum(
        _close_if_overdue(pk, user=user, now=now)
        for pk, deadline in candidates
        if deadline is not None and now > deadline + grace
    )


def attempts_close_all_overdue(*, now: datetime | None = None) -> int:
    """Close every learner's attempt whose time plus grace is over, by its quiz's policy.

    Run by Celery beat (`assessments.tasks.close_overdue_attempts`), so that trainers'
    reports and item analysis do not wait for the learner to come back. Each attempt is
    closed in its own transaction under its lock, exactly as a late request would close it;
    running it again closes nothing more. Returns how many attempts it closed.
    """
    now = _now(now)
    candidates = list(
        Attempt.objects.filter(state=AttemptState.IN_PROGRESS, deadline__lt=now)
        .order_by("deadline", "pk")
        .values_list("pk", "deadline", "quiz__grace_period_seconds")
    )
    closed = 0
    for pk, deadline, grace in candidates:
        if deadline is None or now <= deadline + timedelta(seconds=grace):
            continue
        try:
            closed += _close_if_overdue(pk, now=now)
        except Exception:
            # One attempt that cannot be closed (say, a revision that no longer loads) must
            # not keep every later one open; it is logged and tried again next run.
            log.exception("overdue attempt %s could not be closed", pk)
    return closed
