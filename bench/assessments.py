"""Assessments benchmark: `.venv/bin/python -m bench.assessments [--repeats 60]`.

1. Grading in process: a 20-question quiz (every question type, 8 numeric), answered at
   random; attempts graded per second by the pure grader (goal: under 5 ms per attempt), and
   by `attempt_submit` with its database writes.
2. The median server time of the submit request (POST to the attempt page with the 20
   answers: saves them, grades, records the result) divided by the median of a bare Django
   view that does one insert, same client, same middleware, same run (goal: at most 3x).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from django.urls import include, path

ROOT = Path(__file__).resolve().parents[1]


def bare_insert(request):
    """The baseline: one row written, a tiny response."""
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.http import HttpResponse

    LogEntry.objects.create(
        user_id=request.user.pk, action_flag=ADDITION, object_repr="bench", change_message=""
    )
    return HttpResponse("ok")


def _urlconf() -> None:
    # This module is the URLconf of part 2: the bare view next to the site's own URLs.
    globals()["urlpatterns"] = [
        path("bench/bare-insert/", bare_insert),
        path("", include("learning.urls")),
    ]


def setup_django(db_path: str, media: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "learning.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["MEDIA_ROOT"] = media
    os.environ["PRIVATE_MEDIA_ROOT"] = f"{media}-private"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def twenty_questions():
    from tests.factories.assessments import (
        q_matching,
        q_multiple,
        q_numeric,
        q_ordering,
        q_short,
        q_single,
        q_true_false,
    )

    questions = []
    for i in range(8):
        questions.append(q_numeric(f"Cost rate {i}?", f"{18 + i}.2", tolerance="0.1", unit="%"))
    for i in range(3):
        questions.append(
            q_single(f"Which {i}?", [("A", True, ""), ("B", False, "b"), ("C", False, "c")])
        )
        questions.append(
            q_multiple(
                f"Which ones {i}?",
                [("A", True, ""), ("B", True, ""), ("C", False, ""), ("D", False, "")],
            )
        )
    questions.append(q_true_false("R202 is a convention.", False))
    questions.append(q_true_false("C102 has nine branches.", True))
    questions.append(q_short("Room to spend?", ["fiscal space", "espace budgétaire"]))
    questions.append(q_short("Exchange of data?", ["interoperability"]))
    questions.append(q_matching("Match", [("a", "1"), ("b", "2"), ("c", "3")], ["4"]))
    questions.append(q_ordering("Order", ["w", "x", "y", "z"]))
    assert len(questions) == 20
    return questions


def random_answers(attempt, rng):
    from assessments.services.quiz import attempt_questions

    answers = {}
    for q in attempt_questions(attempt):
        if q.kind == "single_choice":
            answers[q.id] = rng.randrange(len(q.options))
        elif q.kind == "multiple_response":
            answers[q.id] = rng.sample(range(len(q.options)), rng.randint(1, len(q.options)))
        elif q.kind == "true_false":
            answers[q.id] = rng.random() < 0.5
        elif q.kind == "numeric":
            answers[q.id] = f"{float(q.number) + rng.uniform(-0.3, 0.3):.2f}".replace(".", ",")
        elif q.kind == "short_text":
            answers[q.id] = rng.choice(["Fiscal Space", "tax", "interoperability"])
        elif q.kind == "matching":
            answers[q.id] = {p: rng.randrange(len(q.matches)) for p in range(len(q.pairs))}
        elif q.kind == "ordering":
            answers[q.id] = rng.sample(range(len(q.items)), len(q.items))
    return answers


def run(repeats: int) -> int:
    from django.test import Client, override_settings

    from assessments.grading import grade_attempt
    from assessments.models import Attempt
    from assessments.services import attempt_start, attempt_submit
    from assessments.services.quiz import attempt_questions, normalise_answer
    from tests.factories import UserFactory, attempt_form, enrolled, quiz_page

    rng = random.Random(7)
    quiz = quiz_page(questions=twenty_questions(), shuffle_options=True)
    learner = UserFactory(roles=["Learner"])
    enrolled(learner, quiz)

    # 1a. the pure grader
    attempt = attempt_start(user=learner, quiz=quiz)
    questions = attempt_questions(attempt)
    layout = attempt.layout["q"]
    answer_sets = []
    for _ in range(200):
        form = attempt_form(attempt, random_answers(attempt, rng))
        stored = {}
        for q in questions:
            raw = _raw_for(q, form)
            stored[q.id] = normalise_answer(q, layout[q.id], raw)
        answer_sets.append(stored)
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        for answers in answer_sets:
            grade_attempt(questions, answers)
    pure = (time.perf_counter() - start) / (rounds * len(answer_sets))

    # 1b. the service, with its reads and writes (answers saved, graded, attempt closed)
    attempt_submit(user=learner, attempt=attempt)
    samples = []
    for _ in range(repeats):
        attempt = attempt_start(user=learner, quiz=quiz)
        form = attempt_form(attempt, random_answers(attempt, rng))
        answers = {q.id: _raw_for(q, form) for q in attempt_questions(attempt)}
        start = time.perf_counter()
        attempt_submit(user=learner, attempt=attempt, answers=answers)
        samples.append(time.perf_counter() - start)
    service = statistics.median(samples)

    # 2. the submit request against a bare insert view
    client = Client()
    client.force_login(learner)
    _urlconf()
    with override_settings(ROOT_URLCONF=__name__):
        bare, submit = [], []
        for i in range(repeats + 3):
            start = time.perf_counter()
            response = client.post("/bench/bare-insert/")
            elapsed = time.perf_counter() - start
            assert response.status_code == 200
            if i >= 3:
                bare.append(elapsed)
            attempt = attempt_start(user=learner, quiz=quiz)
            form = attempt_form(attempt, random_answers(attempt, rng), action="submit")
            start = time.perf_counter()
            # Sent as a browser sends this form (urlencoded; the test client's default is
            # multipart, whose parsing alone costs more than the baseline view).
            response = client.post(
                f"/assessments/attempts/{attempt.uuid}/",
                urlencode(form, doseq=True),
                content_type="application/x-www-form-urlencoded",
            )
            elapsed = time.perf_counter() - start
            assert response.status_code == 302, response.content[:500]
            if i >= 3:
                submit.append(elapsed)
    graded = Attempt.objects.filter(user=learner, state="submitted").count()
    bare_ms = statistics.median(bare) * 1000
    submit_ms = statistics.median(submit) * 1000
    ratio = submit_ms / bare_ms

    print("20-question quiz (8 numeric, every type), random answers")
    print(
        f"  pure grading          {pure * 1000:7.3f} ms/attempt  {1 / pure:9.0f} attempts/s"
        f"  (goal < 5 ms, {'ok' if pure < 0.005 else 'OVER GOAL'})"
    )
    print(
        f"  attempt_submit()      {service * 1000:7.3f} ms/attempt  {1 / service:9.0f} attempts/s"
    )
    print(f"median server time over {repeats} requests, same learner, same run")
    print(f"  bare view, 1 insert   {bare_ms:7.2f} ms   1.00x (baseline)")
    print(
        f"  submit request        {submit_ms:7.2f} ms   {ratio:4.2f}x  "
        f"(goal <= 3x, {'ok' if ratio <= 3 else 'OVER GOAL'})"
    )
    print(f"  ({graded} attempts graded in this run)")
    return 0


def _raw_for(q, form):
    name = f"q-{q.id}"
    if q.kind == "multiple_response":
        return form.get(name, [])
    if q.kind == "matching":
        prefix = f"{name}-"
        return {k[len(prefix) :]: v for k, v in form.items() if k.startswith(prefix)}
    if q.kind == "ordering":
        prefix = f"{name}-"
        return {k[len(prefix) :]: v for k, v in form.items() if k.startswith(prefix)}
    return form.get(name, "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(str(Path(tmp) / "bench.sqlite3"), str(Path(tmp) / "media"))
        return run(args.repeats)


if __name__ == "__main__":
    sys.exit(main())
