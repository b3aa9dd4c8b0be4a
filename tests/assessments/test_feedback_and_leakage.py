"""Correct answers never reach the browser before the feedback policy allows.

The tests fetch every page and endpoint a learner's quiz uses and look for the answers, the
feedback and the explanations (distinctive strings in `sample_questions`).
"""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import Attempt, Response
from assessments.selectors import attempt_display
from assessments.services import attempt_start, attempt_submit
from assessments.services.quiz import attempt_questions
from tests.factories import attempt_form, enrolled, quiz_page, right_answers
from tests.factories.assessments import q_single

pytestmark = pytest.mark.django_db

SECRETS = [
    "FEEDBACK-SINGLE-RIGHT",
    "FEEDBACK-SINGLE-WRONG",
    "FEEDBACK-MULTI-WRONG",
    "FEEDBACK-TF",
    "EXPLANATION-SINGLE",
    "ANSWER-fiscal-space",
    "18.237",
    "Correct answer",
]


def leaks(body: str) -> list[str]:
    found = [s for s in SECRETS if s in body]
    if re.search(r"data-(correct|answer|right)", body) or re.search(
        r'"(correct|is_correct)"\s*:', body
    ):
        found.append("a data attribute or JSON key naming the answer")
    return found


def wrong_answers(attempt) -> dict:
    answers = {}
    for q in attempt_questions(attempt):
        if q.kind == "single_choice":
            answers[q.id] = 0
        elif q.kind == "multiple_response":
            answers[q.id] = [2]
        elif q.kind == "true_false":
            answers[q.id] = True
        elif q.kind == "numeric":
            answers[q.id] = "12"
        elif q.kind == "short_text":
            answers[q.id] = "tax"
    return answers


def walk_the_quiz(client, quiz) -> list[str]:
    """Every page a learner sees before submitting, and what each endpoint answers."""
    bodies = [client.get(quiz.url).content.decode()]
    start = client.post(f"/assessments/quizzes/{quiz.pk}/start/")
    attempt = Attempt.objects.get(uuid=start.url.rstrip("/").rsplit("/", 1)[-1])
    url = f"/assessments/attempts/{attempt.uuid}/"
    bodies.append(client.get(url).content.decode())
    saved = client.post(url, attempt_form(attempt, wrong_answers(attempt)), follow=True)
    bodies.append(saved.content.decode())
    attempt.refresh_from_db()
    numeric = next(q.id for q in attempt_questions(attempt) if q.kind == "numeric")
    bad = client.post(url, attempt_form(attempt, {numeric: "eighteen"}))
    assert bad.status_code == 400
    bodies.append(bad.content.decode())
    stale = client.post(url, attempt_form(attempt, {}, version=1))
    assert stale.status_code == 409
    bodies.append(stale.content.decode())
    bodies.append(client.get(quiz.url).content.decode())
    bodies.append(client.get(f"{url}result/", follow=True).content.decode())
    return bodies, attempt


@pytest.mark.parametrize("policy", ["after_submission", "after_close", "never"])
def test_nothing_leaks_before_submission(learner_client, learner, policy):
    quiz = quiz_page(feedback_policy=policy, answers_policy=policy, shuffle_options=True)
    enrolled(learner, quiz)
    bodies, attempt = walk_the_quiz(learner_client, quiz)
    for body in bodies:
        assert leaks(body) == []


def test_after_submission_the_feedback_and_answers_are_shown(learner_client, learner):
    quiz = quiz_page(feedback_policy="after_submission", answers_policy="after_submission")
    enrolled(learner, quiz)
    bodies, attempt = walk_the_quiz(learner_client, quiz)
    url = f"/assessments/attempts/{attempt.uuid}/"
    attempt.refresh_from_db()
    learner_client.post(url, attempt_form(attempt, {}, action="submit"))
    result = learner_client.get(f"{url}result/").content.decode()
    for expected in (
        "FEEDBACK-SINGLE-WRONG",
        "EXPLANATION-SINGLE",
        "ANSWER-fiscal-space",
        "18.237",
        "FEEDBACK-TF",
    ):
        assert expected in result
    assert "Not correct." in result


@pytest.mark.parametrize("policy", ["after_close", "never"])
def test_after_submission_nothing_is_shown_until_the_policy_allows(learner_client, learner, policy):
    closes = timezone.now() + timedelta(days=1)
    quiz = quiz_page(feedback_policy=policy, answers_policy=policy, closes_at=closes)
    enrolled(learner, quiz)
    bodies, attempt = walk_the_quiz(learner_client, quiz)
    attempt.refresh_from_db()
    url = f"/assessments/attempts/{attempt.uuid}/"
    learner_client.post(url, attempt_form(attempt, {}, action="submit"))
    result = learner_client.get(f"{url}result/").content.decode()
    assert leaks(result) == []
    assert "Score:" in result  # the overall score is shown
    attempt.refresh_from_db()
    later = attempt_display(attempt=attempt, now=closes + timedelta(minutes=1))
    shown = [q for q in later if "feedback" in q or "correct_answer" in q]
    assert bool(shown) is (policy == "after_close")


def test_feedback_but_not_answers(learner):
    quiz = quiz_page(feedback_policy="after_submission", answers_policy="never")
    enrolled(learner, quiz)
    attempt = attempt_submit(user=learner, attempt=attempt_start(user=learner, quiz=quiz))
    display = attempt_display(attempt=attempt)
    assert all("result" in q and "correct_answer" not in q for q in display)


def test_answers_may_not_be_shown_before_the_feedback():
    quiz = quiz_page(feedback_policy="never", answers_policy="never")
    quiz.answers_policy = "immediately"
    with pytest.raises(ValidationError) as exc:
        quiz.full_clean()
    assert "answers_policy" in exc.value.message_dict


def test_an_attempt_page_does_not_depend_on_which_option_is_right(learner_client, learner):
    """Two quizzes that differ only in the right option render the same attempt page."""
    pages = []
    for right in (0, 2):
        options = [(f"Option {i}", i == right, f"why {i}") for i in range(4)]
        quiz = quiz_page(
            title="Same quiz", questions=[q_single("Which rate?", options)], shuffle_options=False
        )
        enrolled(learner, quiz)
        attempt = attempt_start(user=learner, quiz=quiz)
        html = learner_client.get(f"/assessments/attempts/{attempt.uuid}/").content.decode()
        for token, _index in attempt.layout["q"][attempt.question_ids[0]]["options"]:
            html = html.replace(token, "TOKEN")
        html = html.replace(attempt.question_ids[0], "QID").replace(str(attempt.uuid), "UUID")
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
        html = re.sub(r'href="[^"]*"', "HREF", html)
        html = re.sub(r"/assessments/quizzes/\d+/", "QUIZ", html)
        pages.append(html)
    assert pages[0] == pages[1]


def test_matching_and_ordering_never_show_the_right_order(learner):
    quiz = quiz_page()
    enrolled(learner, quiz)
    checked = {"ordering": 0, "matching": 0}
    for _ in range(5):
        attempt = attempt_start(user=learner, quiz=quiz)
        for q in attempt_questions(attempt):
            entry = attempt.layout["q"][q.id]
            if q.kind == "ordering":
                assert [i for _t, i in entry["items"]] != list(range(len(q.items)))
                checked["ordering"] += 1
            if q.kind == "matching":
                assert [i for _t, i in entry["matches"]] != list(range(len(q.matches)))
                checked["matching"] += 1
        attempt_submit(user=learner, attempt=attempt)
    # Each of the five attempts showed both kinds: the loop above asserted something.
    assert checked == {"ordering": 5, "matching": 5}


# --- feedback question by question ------------------------------------------------------------


def test_immediate_feedback_checks_one_question_and_locks_it(learner_client, learner):
    quiz = quiz_page(feedback_policy="immediately", answers_policy="immediately")
    enrolled(learner, quiz)
    attempt = attempt_start(user=learner, quiz=quiz)
    url = f"/assessments/attempts/{attempt.uuid}/"
    single = next(q.id for q in attempt_questions(attempt) if q.kind == "single_choice")
    page = learner_client.get(url).content.decode()
    assert "Check this answer" in page and leaks(page) == []
    form = attempt_form(attempt, {single: 0}, action=f"check:{single}")
    response = learner_client.post(url, form)
    assert response.status_code == 302
    page = learner_client.get(url).content.decode()
    assert "FEEDBACK-SINGLE-WRONG" in page and "EXPLANATION-SINGLE" in page
    assert "FEEDBACK-TF" not in page and "ANSWER-fiscal-space" not in page  # other questions
    checked = Response.objects.get(attempt=attempt, question_id=single)
    assert checked.checked_at is not None and checked.fraction == 0
    attempt.refresh_from_db()
    change = learner_client.post(url, attempt_form(attempt, {single: 1}))
    assert change.status_code == 400
    assert "can no longer change" in change.content.decode()
    assert Response.objects.get(pk=checked.pk).answer == {"choice": 0}


def test_checking_is_refused_when_the_quiz_does_not_check_one_by_one(learner_client, learner):
    quiz = quiz_page(feedback_policy="after_submission")
    enrolled(learner, quiz)
    attempt = attempt_start(user=learner, quiz=quiz)
    single = attempt.question_ids[0]
    form = attempt_form(attempt, {single: 0}, action=f"check:{single}")
    response = learner_client.post(f"/assessments/attempts/{attempt.uuid}/", form)
    assert response.status_code == 400
    assert not Response.objects.filter(checked_at__isnull=False).exists()
    assert right_answers(attempt)


def test_editors_preview_every_question_with_its_answer_learners_cannot(
    client, rf, editor, learner
):
    quiz = quiz_page()
    request = rf.get("/")
    request.user = editor
    body = quiz.serve_preview(request, "").content.decode()
    assert "ANSWER-fiscal-space" in body and "FEEDBACK-SINGLE-WRONG" in body
    client.force_login(learner)
    denied = client.get(f"/admin/pages/{quiz.pk}/edit/preview/")
    assert denied.status_code == 302
    assert leaks(denied.content.decode()) == []
