"""The attempt lifecycle over HTTP and through the services: start, save, resume, submit."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.test import Client
from django.utils import timezone

from assessments.forms import answers_from_post
from assessments.models import Attempt, AttemptState, Response
from assessments.selectors import quiz_overview
from assessments.services import (
    AttemptClosed,
    AttemptConflict,
    attempt_start,
    attempt_submit,
    response_save,
)
from assessments.services import quiz as quiz_services
from assessments.services.quiz import attempt_questions
from courses.models import StepProgress
from tests.factories import UserFactory, attempt_form, enrolled, quiz_page, right_answers
from tests.factories.assessments import q_numeric, q_single

pytestmark = pytest.mark.django_db


def start(client, quiz) -> Attempt:
    response = client.post(f"/assessments/quizzes/{quiz.pk}/start/")
    assert response.status_code == 302
    return Attempt.objects.get(uuid=response.url.rstrip("/").rsplit("/", 1)[-1])


def snapshot(attempt):
    attempt.refresh_from_db()
    rows = sorted(
        (r.question_id, repr(r.answer), r.fraction, r.checked_at)
        for r in Response.objects.filter(attempt=attempt)
    )
    return (attempt.state, attempt.version, attempt.score, attempt.submitted_at, rows)


def test_a_learner_takes_the_quiz_end_to_end_and_passing_completes_the_step(
    learner_client, learner, quiz
):
    attempt = start(learner_client, quiz)
    assert attempt.revision_id == quiz.live_revision_id
    assert len(attempt.question_ids) == 7
    answers = right_answers(attempt)
    response = learner_client.post(
        f"/assessments/attempts/{attempt.uuid}/", attempt_form(attempt, answers)
    )
    assert response.status_code == 302
    assert Response.objects.filter(attempt=attempt).count() == 7
    attempt.refresh_from_db()
    response = learner_client.post(
        f"/assessments/attempts/{attempt.uuid}/", attempt_form(attempt, {}, action="submit")
    )
    assert response.status_code == 302 and response.url.endswith("/result/")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED
    assert attempt.score == Decimal("100.00") and attempt.passed
    assert StepProgress.objects.get(user=learner, step=quiz).completed_at is not None
    page = learner_client.get(response.url)
    assert b"Score: 100 %" in page.content
    assert b"Passed." in page.content


def test_a_failed_attempt_does_not_complete_the_step(learner_client, learner, quiz):
    attempt = start(learner_client, quiz)
    answers = right_answers(attempt)
    first = attempt.question_ids[0]
    learner_client.post(
        f"/assessments/attempts/{attempt.uuid}/",
        attempt_form(attempt, {first: answers[first]}, action="submit"),
    )
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED and not attempt.passed
    assert attempt.score == Decimal("14.29")
    assert not StepProgress.objects.filter(
        user=learner, step=quiz, completed_at__isnull=False
    ).exists()


def test_partial_answers_are_saved_and_resumed_on_another_device(learner, quiz):
    laptop, phone = Client(), Client()
    laptop.force_login(learner)
    phone.force_login(learner)
    attempt = start(laptop, quiz)
    numeric = next(q.id for q in attempt_questions(attempt) if q.kind == "numeric")
    laptop.post(
        f"/assessments/attempts/{attempt.uuid}/", attempt_form(attempt, {numeric: "18,2 %"})
    )
    # the phone starts the quiz again: it gets the same attempt, with the saved answer
    assert start(phone, quiz).pk == attempt.pk
    page = phone.get(f"/assessments/attempts/{attempt.uuid}/")
    assert 'value="18,2 %"' in page.content.decode()
    assert Attempt.objects.filter(user=learner).count() == 1


def test_a_stale_form_is_refused_with_409_and_nothing_changes(learner_client, quiz):
    attempt = start(learner_client, quiz)
    old_form = attempt_form(attempt, {attempt.question_ids[0]: 0})
    fresh = attempt_form(attempt, {attempt.question_ids[0]: 1})
    assert learner_client.post(f"/assessments/attempts/{attempt.uuid}/", fresh).status_code == 302
    before = snapshot(attempt)
    response = learner_client.post(f"/assessments/attempts/{attempt.uuid}/", old_form)
    assert response.status_code == 409
    assert "changed elsewhere" in response.content.decode()
    assert snapshot(attempt) == before


def test_a_replayed_submission_is_refused_with_409_and_nothing_changes(learner_client, quiz):
    attempt = start(learner_client, quiz)
    form = attempt_form(attempt, right_answers(attempt), action="submit")
    assert learner_client.post(f"/assessments/attempts/{attempt.uuid}/", form).status_code == 302
    before = snapshot(attempt)
    replay = learner_client.post(f"/assessments/attempts/{attempt.uuid}/", form)
    assert replay.status_code == 409
    form["version"] = str(Attempt.objects.get(pk=attempt.pk).version)
    assert learner_client.post(f"/assessments/attempts/{attempt.uuid}/", form).status_code == 409
    assert snapshot(attempt) == before


def test_submitting_twice_through_the_service_grades_once(learner, quiz):
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_submit(user=learner, attempt=attempt)
    with pytest.raises(AttemptConflict):
        attempt_submit(user=learner, attempt=attempt)
    assert Attempt.objects.get(pk=attempt.pk).version == attempt.version + 1


def test_non_numeric_text_in_a_numeric_answer_gets_a_clear_message_and_nothing_is_saved(
    learner_client, quiz
):
    attempt = start(learner_client, quiz)
    ids = attempt.question_ids
    numeric = next(q.id for q in attempt_questions(attempt) if q.kind == "numeric")
    before = snapshot(attempt)
    response = learner_client.post(
        f"/assessments/attempts/{attempt.uuid}/",
        attempt_form(attempt, {ids[0]: 1, numeric: "about eighteen"}),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a number, for example 18.2 (the unit, %, may follow it)." in body
    assert 'value="about eighteen"' in body  # what they typed stays in the box
    assert snapshot(attempt) == before


def test_answers_for_questions_not_in_the_attempt_are_refused(learner_client, quiz):
    attempt = start(learner_client, quiz)
    before = snapshot(attempt)
    form = attempt_form(attempt, {attempt.question_ids[0]: 1})
    form["shown"] = [*form["shown"], "not-a-question"]
    form["q-not-a-question"] = "1"
    response = learner_client.post(f"/assessments/attempts/{attempt.uuid}/", form)
    assert response.status_code == 400
    assert "not part of this attempt" in response.content.decode()
    assert snapshot(attempt) == before
    with pytest.raises(ValidationError):
        response_save(user=attempt.user, attempt=attempt, answers={"elsewhere": "x"})
    assert snapshot(attempt) == before


def test_a_forged_option_token_is_refused(learner_client, quiz):
    attempt = start(learner_client, quiz)
    before = snapshot(attempt)
    form = attempt_form(attempt, {attempt.question_ids[0]: 1})
    form[f"q-{attempt.question_ids[0]}"] = "0"  # an index instead of the attempt's token
    response = learner_client.post(f"/assessments/attempts/{attempt.uuid}/", form)
    assert response.status_code == 400
    assert snapshot(attempt) == before


def test_another_users_attempt_is_404(learner_client, quiz):
    other = UserFactory()
    enrolled(other, quiz)
    theirs = attempt_start(user=other, quiz=quiz)
    before = snapshot(theirs)
    assert learner_client.get(f"/assessments/attempts/{theirs.uuid}/").status_code == 404
    assert learner_client.get(f"/assessments/attempts/{theirs.uuid}/result/").status_code == 404
    form = attempt_form(theirs, right_answers(theirs), action="submit")
    assert learner_client.post(f"/assessments/attempts/{theirs.uuid}/", form).status_code == 404
    assert snapshot(theirs) == before
    learner = learner_client.session["_auth_user_id"]
    with pytest.raises(PermissionDenied):
        attempt_submit(user=UserFactory(), attempt=theirs)
    assert learner != str(other.pk)


def test_a_learner_not_enrolled_cannot_start(client, quiz):
    stranger = UserFactory()
    client.force_login(stranger)
    response = client.post(f"/assessments/quizzes/{quiz.pk}/start/")
    assert response.status_code == 302
    assert not Attempt.objects.filter(user=stranger).exists()


def test_a_third_attempt_is_refused_when_two_are_allowed(learner):
    quiz = quiz_page(attempts_allowed=2)
    enrolled(learner, quiz)
    for _ in range(2):
        attempt_submit(user=learner, attempt=attempt_start(user=learner, quiz=quiz))
    with pytest.raises(ValidationError) as exc:
        attempt_start(user=learner, quiz=quiz)
    assert "all 2 attempts" in " ".join(exc.value.messages)
    assert Attempt.objects.filter(user=learner, quiz=quiz).count() == 2


def test_starting_while_an_attempt_is_open_resumes_it(learner, quiz):
    first = attempt_start(user=learner, quiz=quiz)
    assert attempt_start(user=learner, quiz=quiz).pk == first.pk
    assert Attempt.objects.count() == 1


def test_the_quiz_window_is_enforced(learner):
    now = timezone.now()
    quiz = quiz_page(opens_at=now + timedelta(days=1))
    enrolled(learner, quiz)
    with pytest.raises(ValidationError, match="not open yet"):
        attempt_start(user=learner, quiz=quiz)
    quiz = quiz_page(module=quiz.get_parent(), title="Closed", closes_at=now - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="closed"):
        attempt_start(user=learner, quiz=quiz)
    assert not Attempt.objects.exists()


# --- time limits ------------------------------------------------------------------------------


def timed_quiz(learner, **kw):
    quiz = quiz_page(time_limit_minutes=10, grace_period_seconds=30, **kw)
    enrolled(learner, quiz)
    return quiz


def test_saving_and_submitting_within_the_grace_period_counts(learner):
    quiz = timed_quiz(learner)
    t0 = timezone.now()
    attempt = attempt_start(user=learner, quiz=quiz, now=t0)
    assert attempt.deadline == t0 + timedelta(minutes=10)
    late_but_graced = t0 + timedelta(minutes=10, seconds=29)
    answers = {
        attempt.question_ids[0]: attempt_form(attempt, {attempt.question_ids[0]: 1})[
            f"q-{attempt.question_ids[0]}"
        ]
    }
    response_save(user=learner, attempt=attempt, answers=answers, now=late_but_graced)
    attempt = attempt_submit(user=learner, attempt=attempt, now=late_but_graced)
    assert attempt.state == AttemptState.SUBMITTED and not attempt.overdue


def test_a_submission_after_deadline_plus_grace_is_refused_and_saved_answers_are_graded(learner):
    quiz = timed_quiz(learner)
    t0 = timezone.now()
    attempt = attempt_start(user=learner, quiz=quiz, now=t0)
    right = right_answers(attempt)
    first = attempt.question_ids[0]
    form = attempt_form(attempt, {first: right[first]})
    response_save(user=learner, attempt=attempt, answers={first: form[f"q-{first}"]}, now=t0)
    too_late = t0 + timedelta(minutes=10, seconds=31)
    second = attempt.question_ids[1]
    late_answers = {second: attempt_form(attempt, {second: right[second]})[f"q-{second}"]}
    with pytest.raises(AttemptClosed, match="too late"):
        attempt_submit(user=learner, attempt=attempt, answers=late_answers, now=too_late)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED and attempt.overdue
    assert attempt.score == Decimal("14.29")  # only the answer saved in time
    assert not Response.objects.filter(attempt=attempt, question_id=second).exists()


def test_with_the_discard_policy_a_late_attempt_does_not_count(learner):
    quiz = timed_quiz(learner, overdue_policy="discard")
    t0 = timezone.now()
    attempt = attempt_start(user=learner, quiz=quiz, now=t0)
    with pytest.raises(AttemptClosed, match="does not count"):
        attempt_submit(user=learner, attempt=attempt, now=t0 + timedelta(hours=1))
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.DISCARDED and attempt.score is None


def test_saving_after_the_deadline_is_refused(learner):
    quiz = timed_quiz(learner)
    t0 = timezone.now()
    attempt = attempt_start(user=learner, quiz=quiz, now=t0)
    first = attempt.question_ids[0]
    answers = {first: attempt_form(attempt, {first: 1})[f"q-{first}"]}
    with pytest.raises(AttemptClosed, match="too late"):
        response_save(user=learner, attempt=attempt, answers=answers, now=t0 + timedelta(hours=1))
    assert not Response.objects.exists()
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED and attempt.overdue


def test_an_overdue_attempt_is_closed_when_the_learner_comes_back(learner_client, learner):
    quiz = timed_quiz(learner)
    attempt = attempt_start(user=learner, quiz=quiz, now=timezone.now() - timedelta(hours=1))
    response = learner_client.get(f"/assessments/attempts/{attempt.uuid}/")
    assert response.status_code == 302 and response.url.endswith("/result/")
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED and attempt.overdue


def test_the_deadline_never_passes_the_quiz_closing_time(learner):
    now = timezone.now()
    quiz = timed_quiz(learner, closes_at=now + timedelta(minutes=3))
    attempt = attempt_start(user=learner, quiz=quiz, now=now)
    assert attempt.deadline == quiz.closes_at


# --- revisions, pools, grading across attempts ------------------------------------------------


def test_an_attempt_is_graded_on_the_revision_it_started_on(learner):
    question = q_single("Which?", [("A", True, ""), ("B", False, "")])
    quiz = quiz_page(questions=[question])
    enrolled(learner, quiz)
    attempt = attempt_start(user=learner, quiz=quiz)
    qid = attempt.question_ids[0]
    response_save(
        user=learner, attempt=attempt, answers={qid: attempt_form(attempt, {qid: 0})[f"q-{qid}"]}
    )
    # the editor swaps the right answer and publishes while the learner is answering
    question["value"]["options"][0]["correct"] = False
    question["value"]["options"][1]["correct"] = True
    quiz.questions = [question]
    quiz.save_revision().publish()
    attempt = attempt_submit(user=learner, attempt=attempt)
    assert attempt.score == 100
    new = attempt_start(user=learner, quiz=quiz)
    assert new.revision_id != attempt.revision_id


def test_questions_are_drawn_from_the_pool(learner):
    pool = [q_numeric(f"Question {i}", i) for i in range(10)]
    quiz = quiz_page(questions=pool, draw_count=4, shuffle_questions=True)
    enrolled(learner, quiz)
    drawn = set()
    for _ in range(5):
        attempt = attempt_start(user=learner, quiz=quiz)
        assert len(attempt.question_ids) == 4
        assert set(attempt.question_ids) <= {q["id"] for q in pool}
        drawn |= set(attempt.question_ids)
        attempt_submit(user=learner, attempt=attempt)
        assert attempt_submit is not None
    assert len(drawn) > 4
    last = Attempt.objects.filter(user=learner).first()
    assert last.max_points == 4


@pytest.mark.parametrize(("method", "grade"), [("highest", 100), ("last", 0), ("average", 50)])
def test_grading_across_attempts(learner, method, grade):
    quiz = quiz_page(
        questions=[q_single("Which?", [("A", True, ""), ("B", False, "")])], grading_method=method
    )
    enrolled(learner, quiz)
    for choice in (0, 1):
        attempt = attempt_start(user=learner, quiz=quiz)
        qid = attempt.question_ids[0]
        form = attempt_form(attempt, {qid: choice})
        attempt_submit(user=learner, attempt=attempt, answers={qid: form[f"q-{qid}"]})
    assert quiz_overview(quiz=quiz, user=learner).grade == grade


def test_the_options_are_shuffled_when_asked(learner):
    options = [(f"Option {i}", i == 0, "") for i in range(8)]
    quiz = quiz_page(questions=[q_single("Which?", options)], shuffle_options=True)
    enrolled(learner, quiz)
    orders = set()
    for _ in range(4):
        attempt = attempt_start(user=learner, quiz=quiz)
        orders.add(tuple(i for _t, i in attempt.layout["q"][attempt.question_ids[0]]["options"]))
        attempt_submit(user=learner, attempt=attempt)
    assert len(orders) > 1


def test_a_process_that_never_saw_the_revision_grades_it_from_the_database(learner, quiz):
    """Another app server (empty question cache) loads the revision under the lock."""

    attempt = attempt_start(user=learner, quiz=quiz)
    form = attempt_form(attempt, right_answers(attempt))
    questions = {q.id: q for q in attempt_questions(attempt)}
    post = QueryDict(mutable=True)
    for key, value in form.items():
        post.setlist(key, value if isinstance(value, list) else [value])
    answers = answers_from_post(attempt, questions, post)
    quiz_services._SPECS.clear()
    attempt = attempt_submit(user=learner, attempt=attempt.uuid, answers=answers)
    assert attempt.state == AttemptState.SUBMITTED and attempt.score == 100
    assert quiz_services._SPECS  # cached again for the next request
