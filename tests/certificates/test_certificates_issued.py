"""`certificates_issued`: the one read of certificates that cohorts' funder exports make."""

from datetime import UTC, datetime

import pytest

from certificates.models import Certificate, CertificateStatus
from certificates.selectors import certificates_issued
from learning.models import User
from tests.factories import UserFactory
from tests.factories import course_factories as cf
from tests.factories.certificates import CertificateFactory

pytestmark = pytest.mark.django_db

ISSUED = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)


def test_valid_certificates_of_the_course_with_their_issue_date(django_assert_max_num_queries):
    course, other_course = cf.course(), cf.course(title="Other course")
    kept, revoked, elsewhere, outsider = UserFactory.create_batch(4)
    CertificateFactory(user=kept, course=course, issued_at=ISSUED)
    CertificateFactory(
        user=revoked, course=course, status=CertificateStatus.REVOKED, revoked_at=ISSUED
    )
    CertificateFactory(user=elsewhere, course=other_course)
    CertificateFactory(user=outsider, course=course)
    members = User.objects.filter(pk__in=[kept.pk, revoked.pk, elsewhere.pk]).values("pk")

    with django_assert_max_num_queries(1):
        issued = certificates_issued(course_id=course.pk, user_ids=members)

    assert issued == {kept.pk: ISSUED}


def test_a_plain_list_of_ids_and_an_empty_one():
    course = cf.course()
    learner = UserFactory()
    CertificateFactory(user=learner, course=course, issued_at=ISSUED)
    assert certificates_issued(course_id=course.pk, user_ids=[learner.pk]) == {learner.pk: ISSUED}
    assert certificates_issued(course_id=course.pk, user_ids=[]) == {}
    assert Certificate.objects.count() == 1
