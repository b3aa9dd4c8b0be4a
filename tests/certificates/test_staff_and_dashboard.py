"""Trainers issue, re-issue and revoke; learners see theirs on the dashboard and may ask."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks

from certificates.models import Certificate
from tests.certificates.conftest import build_course
from tests.factories import CertificateFactory

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(learner, awarding_course, finish_course):
    finish_course(learner, awarding_course)
    return Certificate.objects.get()


def test_administrator_issues_by_hand_overriding_the_rules_with_a_reason(
    client, administrator, learner, awarding_course, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates:manage"),
            {
                "email": learner.email.upper(),
                "course": awarding_course.pk,
                "reason": "Passed the final quiz on paper during the workshop.",
            },
        )
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.issued_by == administrator and certificate.user == learner
    assert len(mail.outbox) == 1


def test_issue_respecting_rules_is_refused_with_what_is_missing(
    client, administrator, learner, awarding_course
):
    client.force_login(administrator)
    response = client.post(
        reverse("certificates:manage"),
        {"email": learner.email, "course": awarding_course.pk, "enforce_rules": "on"},
    )
    assert response.status_code == 400
    assert "You are not enrolled in this course." in response.content.decode()
    assert not Certificate.objects.exists()


def test_issue_for_unknown_email_is_refused(client, administrator, awarding_course):
    client.force_login(administrator)
    response = client.post(
        reverse("certificates:manage"),
        {"email": "nobody@example.org", "course": awarding_course.pk, "enforce_rules": "on"},
    )
    assert response.status_code == 400
    assert "No account has this e-mail address." in response.content.decode()
    assert not Certificate.objects.exists()


def test_reissue_after_name_correction_keeps_the_code_and_renders_a_new_pdf(
    client, administrator, issued, django_capture_on_commit_callbacks
):
    old_sha, old_code = issued.pdf_sha256, issued.code
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("certificates:reissue", args=[issued.pk]),
            {"learner_name": "Zarina Rahmonova-Qodirova"},
        )
    issued.refresh_from_db()
    assert issued.code == old_code
    assert issued.pdf_sha256 != old_sha
    assert issued.revision == issued.rendered_revision == issued.emailed_revision == 2
    assert "Zarina Rahmonova-Qodirova" in pdf_text(issued.pdf.read())
    assert len(mail.outbox) == 2


def test_revoke_needs_a_reason_and_writes_nothing_without_one(client, administrator, issued):
    client.force_login(administrator)
    client.post(reverse("certificates:revoke", args=[issued.pk]), {"reason": "  "})
    issued.refresh_from_db()
    assert issued.status == "valid" and issued.revoked_at is None


def test_administrator_revokes_with_a_reason(client, administrator, issued):
    client.force_login(administrator)
    client.post(reverse("certificates:revoke", args=[issued.pk]), {"reason": "Identity fraud"})
    issued.refresh_from_db()
    assert issued.status == "revoked" and issued.revoked_reason == "Identity fraud"
    assert issued.revoked_at is not None


def test_revoked_certificate_cannot_be_reissued(client, administrator, issued):
    client.force_login(administrator)
    client.post(reverse("certificates:revoke", args=[issued.pk]), {"reason": "Error"})
    response = client.post(
        reverse("certificates:reissue", args=[issued.pk]), {"learner_name": "New"}, follow=True
    )
    assert "A revoked certificate cannot be re-issued." in response.content.decode()
    issued.refresh_from_db()
    assert issued.revision == 1 and issued.learner_name != "New"


@pytest.mark.parametrize("action", ["reissue", "revoke"])
def test_learners_cannot_manage_certificates(learner_client, issued, action):
    response = learner_client.post(
        reverse(f"certificates:{action}", args=[issued.pk]), {"reason": "x", "learner_name": "x"}
    )
    assert response.status_code == 404
    issued.refresh_from_db()
    assert issued.status == "valid" and issued.revision == 1


def test_learners_cannot_see_the_staff_list_or_issue(learner_client, learner, awarding_course):
    assert learner_client.get(reverse("certificates:manage")).status_code == 403
    response = learner_client.post(
        reverse("certificates:manage"), {"email": learner.email, "course": awarding_course.pk}
    )
    assert response.status_code == 403
    assert not Certificate.objects.exists()


def test_staff_list_and_other_learners_pdf_for_administrator(
    client, administrator, issued, django_assert_max_num_queries
):
    client.force_login(administrator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("certificates:manage"))
    assert issued.display_code in response.content.decode()
    assert client.get(issued.get_download_url()).status_code == 200


def test_dashboard_lists_certificates_with_download_and_linkedin(learner_client, issued):
    html = learner_client.get(reverse("dashboard")).content.decode()
    assert "My certificates" in html
    assert issued.get_download_url() in html
    assert issued.get_absolute_url() in html
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in html
    assert f"certId={issued.display_code}" in html


def test_dashboard_offers_a_request_when_completed_without_certificate(
    learner_client, learner, awarding_course, finish_course, django_capture_on_commit_callbacks
):
    blocked = {"on": True}

    def attendance(user, course):
        return ["Attend two live sessions."] if blocked["on"] else []

    with hooks.register_temporarily("certificate_requirements", attendance):
        finish_course(learner, awarding_course)
        assert not Certificate.objects.exists()
        html = learner_client.get(reverse("dashboard")).content.decode()
        assert reverse("certificates:request", args=[awarding_course.pk]) in html

        response = learner_client.post(
            reverse("certificates:request", args=[awarding_course.pk]), follow=True
        )
        assert "Attend two live sessions." in response.content.decode()
        assert not Certificate.objects.exists()

        blocked["on"] = False
        with django_capture_on_commit_callbacks(execute=True):
            learner_client.post(reverse("certificates:request", args=[awarding_course.pk]))
    assert Certificate.objects.filter(user=learner).count() == 1
    html = learner_client.get(reverse("dashboard")).content.decode()
    assert reverse("certificates:request", args=[awarding_course.pk]) not in html


def test_dashboard_panel_queries_stay_flat_as_certificates_grow(
    learner_client, learner, home_page, template
):

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert learner_client.get(reverse("dashboard")).status_code == 200
        return len(queries)

    CertificateFactory(user=learner, course=build_course(home_page, title="Course A"))
    count()  # warm-up: the first request caches the site and its settings
    one = count()
    for title in ("Course B", "Course C", "Course D", "Course E"):
        CertificateFactory(user=learner, course=build_course(home_page, title=title))
    count()  # warm-up again: publishing pages clears the navigation's cached lookups
    assert count() == one


def test_certificates_link_for_staff_only_and_no_permission_query_for_learners(
    client, home_page, learner, trainer, editor, administrator
):
    """The site shell (navigation, "Edit site") answers a learner from the role names it has
    already read (the Learner role grants no permission); staff still go through `has_perm`."""
    for user, shown in ((learner, False), (editor, False), (trainer, True), (administrator, True)):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            body = client.get("/").content.decode()
        assert (reverse("certificates:manage") in body) is shown, user
        edits = user in (editor, administrator)
        assert (f'href="{reverse("wagtailadmin_home")}"' in body) is edits, user
        asks_permissions = any("auth_permission" in q["sql"] for q in queries.captured_queries)
        assert asks_permissions is (user is not learner and not user.is_superuser), user
