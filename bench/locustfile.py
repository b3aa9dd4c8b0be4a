"""Realistic traffic for `make load` (bench/load.py starts the cluster and runs this headless).

LOAD_MODE=webinar (default): 200 learners sign in at once from one office address, open the
dashboard, read lessons, then start and submit the same quiz at the same moment (a webinar's
synchronised start); trainers open their cohort dashboard; anonymous visitors verify
certificates. Requests made while sign-ins are still under way are named "... (during
sign-ins)", so their percentiles can be read apart.

LOAD_MODE=throughput: signed-in users request one page (LOAD_PAGE) as fast as they can, to
compare a lesson's requests per second with the home page's under the same concurrency.
"""

import json
import os
import random
import re

import gevent
from gevent.event import Event
from locust import HttpUser, between, constant, events, task

from bench.cluster import totp_code

SEED = json.loads(os.environ.get("LOAD_SEED", "{}"))
MODE = os.environ.get("LOAD_MODE", "webinar")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="([^"]+)"')

learners = iter(SEED.get("learners", []))
trainers = iter(SEED.get("trainers", []))
state = {"signed_in": 0, "read": 0}
everyone_signed_in = Event()
quiz_start = Event()


def _phase(name: str) -> str:
    return name if everyone_signed_in.is_set() else f"{name} (during sign-ins)"


class Person(HttpUser):
    abstract = True

    def on_start(self):
        self.client.trust_env = False
        self.client.verify = os.environ["LOAD_CA"]

    def post_form(self, path: str, data: dict, *, page_path: str, name: str):
        page = self.client.get(page_path, name=_phase(f"{name} form"))
        token = CSRF.search(page.text)
        return self.client.post(
            path,
            data={"csrfmiddlewaretoken": token.group(1) if token else "", **data},
            headers={"Referer": self.host + page_path},
            name=name,
        )

    def sign_in(self, email: str, totp: str | None = None) -> None:
        response = self.post_form(
            "/accounts/login/",
            {"login": email, "password": SEED["password"]},
            page_path="/accounts/login/",
            name="sign-in",
        )
        if totp and "/2fa/authenticate" in response.url:
            response = self.post_form(
                "/accounts/2fa/authenticate/",
                {"code": totp_code(totp)},
                page_path="/accounts/2fa/authenticate/",
                name="sign-in (second factor)",
            )
        if "/accounts/login/" in response.url:
            events.request.fire(
                request_type="CHECK",
                name="signed in",
                response_time=0,
                response_length=0,
                exception=AssertionError(f"{email} was not signed in"),
                context={},
            )


class Learner(Person):
    fixed_count = int(os.environ.get("LOAD_LEARNERS", "200"))
    wait_time = between(1, 3)

    def on_start(self):
        super().on_start()
        self.email = next(learners)
        self.sign_in(self.email)
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
            self.client.get(lesson, name=_phase("lesson"))
            gevent.sleep(random.uniform(0.5, 2))
        if not self.quiz_done:
            self.take_the_quiz()

    def take_the_quiz(self):
        self.quiz_done = True
        state["read"] += 1
        if state["read"] >= self.fixed_count:
            quiz_start.set()
        quiz_start.wait()
        start = self.post_form(
            f"/assessments/quizzes/{SEED['quiz']}/start/",
            {},
            page_path=SEED["quiz_url"],
            name="quiz start",
        )
        version = VERSION.search(start.text)
        submitted = self.client.post(
            start.url,
            data={
                "csrfmiddlewaretoken": CSRF.search(start.text).group(1),
                "version": version.group(1) if version else "0",
                "action": "submit",
            },
            headers={"Referer": start.url},
            name="quiz submit",
        )
        if "/result/" not in submitted.url:
            self.client.get(start.url.rstrip("/") + "/result/", name="quiz result")


class Trainer(Person):
    fixed_count = int(os.environ.get("LOAD_TRAINERS", "5")) if MODE == "webinar" else 0
    wait_time = between(3, 6)

    def on_start(self):
        super().on_start()
        me = next(trainers)
        self.cohort = me["cohort"]
        self.sign_in(me["email"], totp=me["totp"])

    @task
    def follow_the_cohort(self):
        self.client.get(f"/cohorts/{self.cohort}/", name=_phase("cohort dashboard"))


class Verifier(HttpUser):
    fixed_count = int(os.environ.get("LOAD_VERIFIERS", "10")) if MODE == "webinar" else 0
    wait_time = constant(2)

    def on_start(self):
        self.client.trust_env = False
        self.client.verify = os.environ["LOAD_CA"]

    @task
    def verify(self):
        codes = SEED.get("certificates") or ["0000"]
        self.client.get(f"/verify/{random.choice(codes)}/", name=_phase("verify"))
