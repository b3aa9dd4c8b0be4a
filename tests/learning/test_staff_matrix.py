"""Every staff URL of the project against every kind of person, with the one status each.

The rule (docs/decisions/certificates-staff-scope.md): anonymous visitors are sent to sign in;
a URL that names an object (a cohort, a session, a certificate, a quiz) answers 404 to anyone
who may not act on it, whatever the reason, so its existence does not leak; a page that names
no object (a list, a form) answers 403 to someone whose role never grants it. The Wagtail admin
keeps Wagtail's own answers: no admin access sends to sign in, admin access without the
permission sends back to the admin's home.

The URL patterns are read from the resolver too: a new URL in a project namespace that is
neither in the matrix nor listed below as public or a learner's own fails the test.
"""

import pytest
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse

from certificates.models import Certificate
from certificates.services import certificate_issue
from learning.audit import audit_record
from learning.models import AuditAction, AuditEvent
from programmes.services import programme_ensure, programme_partner_add
from tests.certificates.conftest import build_course
from tests.factories import (
    CertificateTemplateFactory,
    CourseCertificateSettingsFactory,
    UserFactory,
    quiz_page,
)
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "learner",
    "other_learner",
    "trainer",
    "other_trainer",
    "editor",
    "administrator",
    "partner",
]
LOGIN = (302, "/accounts/login/")
ADMIN_HOME = (302, "/admin/")


def _grid(**answers):
    """role -> (status, Location prefix or None); `others` fills the roles not named."""
    others = answers.pop("others")
    grid = {role: answers.get(role, others) for role in ROLES}
    grid["anonymous"] = answers.get("anonymous", LOGIN)
    return {
        role: value if isinstance(value, tuple) else (value, None) for role, value in grid.items()
    }


# A cohort page: only its trainers and administrators; 404 for every other signed-in person.
COHORT = _grid(trainer=200, administrator=200, others=404)
# A page naming no object that trainers and administrators use: 403 for other roles.
TRAINERS_LIST = _grid(trainer=200, other_trainer=200, administrator=200, others=403)
# A change to a certificate: its learner's trainers and administrators; 404 for the rest.
CERTIFICATE_CHANGE = _grid(trainer=302, administrator=302, others=404)
DOWNLOAD = _grid(learner=200, trainer=200, administrator=200, others=404)
ANALYSIS = _grid(trainer=200, editor=200, administrator=200, others=404)
OWN_DATA = _grid(others=200)
AUDIT_ADMIN = _grid(editor=ADMIN_HOME, administrator=200, others=LOGIN)
H5P_ADMIN = _grid(editor=200, administrator=200, others=LOGIN)
# Programmes: the list for staff and partners; the programme page for its staff; the report
# and its exports (aggregates only) for its staff and its partners.
PROGRAMMES_LIST = _grid(trainer=200, other_trainer=200, administrator=200, partner=200, others=403)
PROGRAMME_REPORT = _grid(trainer=200, administrator=200, partner=200, others=404)
# The member holds the certificate already: their trainer gets it back (idempotent issue); another
# trainer is told the address is not among their participants; the administrator lacks a reason.
ISSUE = _grid(trainer=302, other_trainer=400, administrator=400, others=403)


def _requests(w):
    """(URL name, method, URL, data, expected grid) for every staff URL."""
    pk, sid, cert = w["cohort"].pk, w["session"].pk, w["certificate"]
    member = w["learner"]
    return [
        ("cohorts:trainer_home", "get", reverse("cohorts:trainer_home"), None, TRAINERS_LIST),
        ("cohorts:create", "get", reverse("cohorts:create"), None, TRAINERS_LIST),
        ("cohorts:dashboard", "get", reverse("cohorts:dashboard", args=[pk]), None, COHORT),
        ("cohorts:edit", "get", reverse("cohorts:edit", args=[pk]), None, COHORT),
        ("cohorts:schedule", "get", reverse("cohorts:schedule", args=[pk]), None, COHORT),
        ("cohorts:import", "get", reverse("cohorts:import", args=[pk]), None, COHORT),
        (
            "cohorts:invite",
            "post",
            reverse("cohorts:invite", args=[pk]),
            {},
            _grid(trainer=400, administrator=400, others=404),
        ),
        (
            "cohorts:participant_remove",
            "post",
            reverse("cohorts:participant_remove", args=[pk, member.pk]),
            {},
            _grid(trainer=302, administrator=302, others=404),
        ),
        (
            "cohorts:message",
            "post",
            reverse("cohorts:message", args=[pk]),
            {"subject": "Webinar moved", "body": "Thursday instead."},
            _grid(trainer=302, administrator=302, others=404),
        ),
        (
            "cohorts:session_create",
            "get",
            reverse("cohorts:session_create", args=[pk]),
            None,
            COHORT,
        ),
        (
            "cohorts:session_edit",
            "get",
            reverse("cohorts:session_edit", args=[pk, sid]),
            None,
            COHORT,
        ),
        (
            "cohorts:session_cancel",
            "get",
            reverse("cohorts:session_cancel", args=[pk, sid]),
            None,
            COHORT,
        ),
        (
            "cohorts:attendance",
            "post",
            reverse("cohorts:attendance", args=[pk, sid]),
            cf.attendance_grid({member: "present"}),
            _grid(trainer=302, administrator=302, others=404),
        ),
        (
            "cohorts:checkin_code",
            "get",
            reverse("cohorts:checkin_code", args=[pk, sid]),
            None,
            COHORT,
        ),
        (
            "cohorts:cohort_calendar",
            "get",
            reverse("cohorts:cohort_calendar", args=[pk]),
            None,
            COHORT,
        ),
        ("cohorts:report", "get", reverse("cohorts:report", args=[pk]), None, COHORT),
        ("cohorts:labs", "get", reverse("cohorts:labs", args=[pk]), None, COHORT),
        ("cohorts:gradebook", "get", reverse("cohorts:gradebook", args=[pk]), None, COHORT),
        (
            "cohorts:gradebook_export",
            "get",
            reverse("cohorts:gradebook_export", args=[pk]),
            None,
            COHORT,
        ),
        (
            "cohorts:grade_override",
            "get",
            reverse("cohorts:grade_override", args=[pk, w["learner"].pk, f"quiz-{w['quiz'].pk}"]),
            None,
            COHORT,
        ),
        (
            "cohorts:export",
            "get",
            reverse("cohorts:export", args=[pk, "enrolments", "csv"]),
            None,
            COHORT,
        ),
        ("certificates:manage", "get", reverse("certificates:manage"), None, TRAINERS_LIST),
        (
            "certificates:manage",
            "post",
            reverse("certificates:manage"),
            {"email": member.email, "course": cert.course_id},
            ISSUE,
        ),
        (
            "certificates:reissue",
            "post",
            reverse("certificates:reissue", args=[cert.pk]),
            {"learner_name": "Malika Nazarova-Rahimova"},
            CERTIFICATE_CHANGE,
        ),
        (
            "certificates:revoke",
            "post",
            reverse("certificates:revoke", args=[cert.pk]),
            {"reason": "Issued in error"},
            CERTIFICATE_CHANGE,
        ),
        ("certificates:download", "get", cert.get_download_url(), None, DOWNLOAD),
        (
            "assessments:item_analysis",
            "get",
            reverse("assessments:item_analysis", args=[w["quiz"].pk]),
            None,
            ANALYSIS,
        ),
        (
            "assessments:item_analysis_csv",
            "get",
            reverse("assessments:item_analysis_csv", args=[w["quiz"].pk]),
            None,
            ANALYSIS,
        ),
        (
            "courses:export_reflections",
            "get",
            reverse("courses:export_reflections"),
            None,
            OWN_DATA,
        ),
        ("audit_log:index", "get", reverse("audit_log:index"), None, AUDIT_ADMIN),
        ("audit_log:index_results", "get", reverse("audit_log:index_results"), None, AUDIT_ADMIN),
        (
            "audit_log:inspect",
            "get",
            reverse("audit_log:inspect", args=[w["event"].pk]),
            None,
            AUDIT_ADMIN,
        ),
        ("programmes:list", "get", reverse("programmes:list"), None, PROGRAMMES_LIST),
        (
            "programmes:detail",
            "get",
            reverse("programmes:detail", args=[w["programme"].pk]),
            None,
            COHORT,
        ),
        (
            "programmes:report",
            "get",
            reverse("programmes:report", args=[w["programme"].pk]),
            None,
            PROGRAMME_REPORT,
        ),
        (
            "programmes:export",
            "get",
            reverse("programmes:export", args=[w["programme"].pk, "xlsx"]),
            None,
            PROGRAMME_REPORT,
        ),
        (
            "wagtailsnippets_programmes_programme:add",
            "get",
            reverse("wagtailsnippets_programmes_programme:add"),
            None,
            AUDIT_ADMIN,
        ),
        (
            "wagtailsnippets_assessments_h5ppackage:add",
            "get",
            reverse("wagtailsnippets_assessments_h5ppackage:add"),
            None,
            H5P_ADMIN,
        ),
    ]


# Project URLs that are not staff URLs: public (verification, Open Badges, calendar feeds
# found by a secret token) or a learner's own (their attempts, cohorts, check-in, H5P play).
NOT_STAFF = {
    "certificates:verify_lookup",
    "certificates:verify_pdf",
    "certificates:verify_credential",
    "certificates:verify",
    "certificates:request",
    "certificates:ob_issuer",
    "certificates:ob_jwks",
    "certificates:ob_achievement",
    "certificates:ob_credential",
    "certificates:ob_status",
    "certificates:ob_key",
    "certificates:ob_status_list",
    # A course's model exercise, per role (tests/labs/test_trainer.py)
    "cohorts:lab",
    "cohorts:lab_export",
    "cohorts:join",
    "cohorts:invitation",  # the invited person answers (tests/cohorts/test_import_invitations.py)
    "cohorts:learner_cohort",
    "cohorts:session",
    "cohorts:session_ics",
    "cohorts:check_in",
    # The invited person's welcome page (tests/cohorts/test_welcome_link.py).
    "cohorts:welcome",
    # BigBlueButton, POST only and hidden until a server is set: trainers start and end,
    # members join (tests/cohorts/test_webinars_bbb.py, against the stand-in server).
    "cohorts:webinar_start",
    "cohorts:webinar_end",
    "cohorts:webinar_join",
    "cohorts:calendar_reset",
    "cohorts:cohort_feed",
    "cohorts:learner_feed",
    "assessments:attempt_start",
    "assessments:attempt",
    "assessments:attempt_result",
    "assessments:h5p_libraries",
    "assessments:h5p_library_file",
    "assessments:h5p_player",
    "assessments:h5p_file",
    "assessments:h5p_xapi",
    "assessments:h5p_state",
    "courses:enrol",
    "courses:complete_step",
    "courses:save_reflection",
    # A learner's own course packs (tests/courses/test_packs.py).
    "courses:pack_prepare",
    "courses:pack_download",
}
PROJECT_NAMESPACES = {
    "certificates",
    "cohorts",
    "assessments",
    "courses",
    "casestudies",
    "programmes",
}
# Admin viewsets of the project whose every URL must be in the matrix.
ADMIN_NAMESPACES = {"audit_log"}


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name and namespace:
            yield f"{namespace}:{pattern.name}"


@pytest.fixture
def world(home_page, trainer, editor, administrator):
    course = build_course(home_page, title="Governance of social security funds")
    CourseCertificateSettingsFactory(course=course, template=CertificateTemplateFactory())
    cohort = cf.cohort(course=course, trainer=trainer)
    learner = cf.member(cohort, full_name="Malika Nazarova")
    other_trainer = UserFactory(roles=["Trainer"])
    cf.cohort(trainer=other_trainer)  # another cohort, of another course
    certificate = certificate_issue(user=learner, course=course, enforce_rules=False, notify=False)
    programme = programme_ensure(name="Leadership programme", cohorts=[cohort])
    partner = UserFactory(roles=["Partner"])
    programme_partner_add(programme=programme, user=partner)
    return {
        "programme": programme,
        "cohort": cohort,
        "session": cf.live_session(cohort),
        "certificate": certificate,
        "quiz": quiz_page(course=course),
        "event": audit_record(actor=administrator, action=AuditAction.EXPORT, reason="report"),
        "people": {
            "anonymous": None,
            "learner": learner,
            "other_learner": UserFactory(),
            "trainer": trainer,
            "other_trainer": other_trainer,
            "editor": editor,
            "administrator": administrator,
            "partner": partner,
        },
        "learner": learner,
    }


def test_every_staff_url_is_in_the_matrix(world):
    names = {
        name
        for name in _url_names(get_resolver().url_patterns)
        if name.split(":")[0] in PROJECT_NAMESPACES | ADMIN_NAMESPACES
    }
    covered = {name for name, *_ in _requests(world)}
    missing = names - covered - NOT_STAFF
    assert not missing, f"staff URLs missing from the matrix: {sorted(missing)}"
    assert not (NOT_STAFF - names), "NOT_STAFF names a URL that no longer exists"


@pytest.mark.parametrize("role", ROLES)
def test_staff_matrix(client, world, role):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    certificate = world["certificate"]
    wrong = []
    for name, method, url, data, grid in _requests(world):
        expected_status, location = grid[role]
        # Each request runs in a transaction rolled back after it: the next starts from the
        # same world, and nothing a refused request would have written can hide.
        with transaction.atomic():
            response = getattr(client, method)(url, data or {})
            transaction.set_rollback(True)
        got = (response.status_code, response.get("Location", ""))
        if got[0] != expected_status or (location and not got[1].startswith(location)):
            wrong.append(f"{method.upper()} {name} {url}: {got} expected {grid[role]}")
    assert not wrong, "\n".join(wrong)
    certificate.refresh_from_db()
    assert certificate.status == "valid" and certificate.revision == 1
    assert AuditEvent.objects.count() == 1
    assert Certificate.objects.count() == 1
