"""Realistic traffic for `make load` (bench/load.py starts the cluster and runs this headless).

LOAD_MODE=webinar (default): 200 learners sign in from one office address as they join
(bench/load.py sets the arrival), open the dashboard, read lessons, open the quiz and wait on
its page; when the last one is there, everyone starts the quiz at the trainer's word, and when
the last one has the questions, everyone submits at the deadline. A person clicks within
LOAD_REACTION_S seconds of the word (default 5; 0 is everyone in the same millisecond).
Trainers open their cohort dashboard; anonymous visitors verify certificates. Requests made
while sign-ins are still under way are named "... (during sign-ins)", so their percentiles
can be read apart.

LOAD_MODE=throughput: signed-in users request one page (LOAD_PAGE) with no pause, to compare
a lesson's requests per second with the home page's under the same concurrency.

The users are locust's FastHttpUser (geventhttpclient): far less CPU per request than the
requests-based client, which matters when locust shares the machine with the servers.
Redirects are followed by hand, since the fast client reports the requested URL only.
"""

import json
import os
import random
import re
from urllib.parse import urlsplit

import gevent
from gevent.event import Event
from locust import FastHttpUser, between, constant, events, task

from bench.cluster import totp_code

SEED = json.loads(os.environ.get("LOAD_SEED", "{}"))
MODE = os.environ.get("LOAD_MODE", "webinar")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="([^"]+)"')

REACTION_S = float(os.environ.get("LOAD_REACTION_S", "5"))

learners = iter(SEED.get("learners", []))
trainers = iter(SEED.get("trainers", []))
state = {"signed_in": 0}
everyone_signed_in = Event()


class Word:
    """The trainer's word to the room: released when every learner has arrived at it."""

    def __init__(self) -> None:
        self.arrived = 0
        self.given = Event()

    def wait(self, everyone: int) -> None:
        self.arrived += 1
        if self.arrived >= everyone:
            self.given.set()
        self.given.wait()
        gevent.sleep(random.uniform(0, REACTION_S))  # the time a person takes to click


start_word = Word()
deadline = Word()


def _phase(name: str) -> str:
    return name if everyone_signed_in.is_set() else f"{name} (during sign-ins)"


def _path(location: str) -> str:
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _fail(name: str, message: str) -> None:
    events.request.fire(
        request_type="CHECK",
        name=name,
        response_time=0,
        response_length=0,
        exception=AssertionError(message),
        context={},
    )


class Person(FastHttpUser):
    abstract = True

    def post_form(self, path: str, data, *, page: str, name: str) -> str:
        """GET the form page, POST it with its CSRF token; the redirect's path, or "".
        `data` may be a function, called once the page is there (a code read off a phone)."""
        form = self.client.get(page, name=_phase(f"{name} form"))
        token = CSRF.search(form.text or "")
        return self.post(path, token, page, name, **(data() if callable(data) else data))

    def post(self, path: str, token, referer: str, name: str, **data) -> str:
        """POST with the CSRF token of the page the person is on; the redirect's path."""
        response = self.client.post(
            path,
            data={"csrfmiddlewaretoken": token.group(1) if token else "", **data},
            headers={"Referer": self.host + referer},
            allow_redirects=False,
            name=name,
        )
        return _path(response.headers.get("Location") or "")

    def sign_in(self, email: str, totp: str | None = None) -> bool:
        page = "/accounts/login/"
        target = self.post_form(
            page, {"login": email, "password": SEED["password"]}, page=page, name="sign-in"
        )
        if totp and "/2fa/authenticate" in target:
            target = self.post_form(
                target,
                lambda: {"code": totp_code(totp)},
                page=target,
                name="sign-in (second factor)",
            )
        if not target or target.startswith("/accounts/"):
            _fail("signed in", f"{email} was not signed in ({target or 'no redirect'})")
            return False
        return True


class Learner(Person):
    fixed_count = int(os.environ.get("LOAD_LEARNERS", "200"))
    wait_time = between(2, 6) if MODE == "webinar" else constant(0)

    def on_start(self):
        self.sign_in(next(learners))
        state["signed_in"] += 1
        if state["signed_in"] >= self.fixed_count:
            everyone_signed_in.set()
        self.quiz_done = MODE != "webinar"

    @task
    def learn(self):
        if MODE == "throughput":
            self.client.get(os.environ["LOAD_PAGE"], name="page")
            return
        self.client.get("/dashboard/", name=_phase("dashboard"))
        for lesson in random.sample(SEED["lessons"], k=min(3, len(SEED["lessons"]))):
            gevent.sleep(random.uniform(2, 6))  # reading
            self.client.get(lesson, name=_phase("lesson"))
        if not self.quiz_done:
            self.take_the_quiz()

    def take_the_quiz(self):
        self.quiz_done = True
        page = self.client.get(SEED["quiz_url"], name="quiz page")
        token = CSRF.search(page.text or "")
        start_word.wait(self.fixed_count)
        try:
            attempt = self.post(
                f"/assessments/quizzes/{SEED['quiz']}/start/", token, SEED["quiz_url"], "quiz start"
            )
        except Exception as error:  # noqa: BLE001 - counted as a failure; the room goes on
            _fail("quiz start", f"the start failed: {error!r}")
            attempt = ""
        page = None
        if attempt.startswith("/assessments/attempts/"):
            page = self.client.get(attempt, name="quiz attempt")
        else:
            _fail("quiz start", f"no attempt page after the start ({attempt})")
        deadline.wait(self.fixed_count)  # everyone arrives, failed or not: nobody waits forever
        if page is None:
            return
        version = VERSION.search(page.text or "")
        result = self.post(
            attempt,
            CSRF.search(page.text or ""),
            attempt,
            "quiz submit",
            version=version.group(1) if version else "0",
            action="submit",
        )
        if "/result/" not in result:
            _fail("quiz submit", f"no result page after the submit ({result})")
            return
        self.client.get(result, name="quiz result")


class Trainer(Person):
    fixed_count = int(os.environ.get("LOAD_TRAINERS", "5")) if MODE == "webinar" else 0
    wait_time = between(5, 10)

    def on_start(self):
        me = next(trainers)
        self.cohort = me["cohort"]
        self.sign_in(me["email"], totp=me["totp"])

    @task
    def follow_the_cohort(self):
        self.client.get(f"/cohorts/{self.cohort}/", name=_phase("cohort dashboard"))


class Verifier(FastHttpUser):
    """An HR office checking certificates: all share one address, so they stay under the
    public lookup limit of that address (30 a minute)."""

    fixed_count = int(os.environ.get("LOAD_VERIFIERS", "5")) if MODE == "webinar" else 0
    wait_time = constant(12)

    @task
    def verify(self):
        codes = SEED.get("certificates") or ["0000"]
        self.client.get(f"/verify/{random.choice(codes)}/", name=_phase("verify"))
