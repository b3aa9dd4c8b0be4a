"""The certificates app's part of a person's archive and of their erasure."""

import pytest

from certificates.models import Certificate
from certificates.personal_data import personal_data_export, user_erasing
from certificates.services import certificate_reissue, certificate_render, certificate_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(learner, awarding_course, finish_course):
    finish_course(learner, awarding_course)
    return Certificate.objects.get()


def test_archive_has_the_pdf_and_the_signed_credential(learner, issued):
    parts = dict(personal_data_export(user=learner))
    assert parts[f"certificates/{issued.display_code}.pdf"].startswith(b"%PDF")
    assert parts[f"certificates/{issued.display_code}.jwt"].count(b".") == 2


def test_an_already_revoked_certificate_keeps_its_reason_but_loses_name_and_pdf(
    learner, issued, django_capture_on_commit_callbacks
):
    certificate_revoke(certificate=issued, reason="Plagiarised final assessment")
    storage, name = issued.pdf.storage, issued.pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        counts = user_erasing(user=learner)
    assert counts["certificates.revoked"] == 0 and counts["certificates.pdfs_deleted"] == 1
    issued.refresh_from_db()
    assert issued.revoked_reason == "Plagiarised final assessment"
    assert issued.learner_name == "" and not issued.pdf and not storage.exists(name)


def test_a_pending_render_does_not_bring_the_name_or_the_pdf_back(
    learner, issued, django_capture_on_commit_callbacks
):
    # A re-issue queued a new render that has not run yet when the person is erased.
    certificate_reissue(certificate=issued, learner_name="New Name")
    user_erasing(user=learner)
    assert certificate_render(certificate_id=issued.pk) is False
    issued.refresh_from_db()
    assert not issued.pdf and issued.learner_name == ""
