"""One certificate per learner and course, per cohort where one applies (the context hook)."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail import hooks

from certificates import services
from certificates.models import Certificate
from certificates.services import certificate_issue
from certificates.tasks import certificate_render_task
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db


def _cohort(course, name, *, weeks_ago):
    start = datetime.date.today() - datetime.timedelta(weeks=weeks_ago)
    return cf.cohort(
        course=course, name=name, start_date=start, end_date=start + datetime.timedelta(weeks=6)
    )


def test_two_cohorts_of_one_course_give_two_certificates(
    learner, awarding_course, finish_course, django_capture_on_commit_callbacks, client
):
    spring = _cohort(awarding_course, "Turin spring 2026", weeks_ago=30)
    cf.member(spring, user=learner)
    finish_course(learner, awarding_course)
    first = Certificate.objects.get()
    assert (first.context_key, first.context_label) == (f"cohort:{spring.pk}", spring.name)

    # The learner takes the course again with a later cohort; the trainer issues its certificate.
    autumn = _cohort(awarding_course, "Vientiane autumn 2026", weeks_ago=2)
    cf.member(autumn, user=learner)
    with django_capture_on_commit_callbacks(execute=True):
        second = certificate_issue(user=learner, course=awarding_course)

    assert Certificate.objects.count() == 2
    assert second.pk != first.pk and second.code != first.code
    assert (second.context_key, second.context_label) == (f"cohort:{autumn.pk}", autumn.name)
    assert len(mail.outbox) == 2
    html = client.get(reverse("certificates:verify", args=[second.display_code])).content.decode()
    assert "Cohort" in html and "Vientiane autumn 2026" in html
    assert "Turin spring 2026" not in html
    html = client.get(reverse("certificates:verify", args=[first.display_code])).content.decode()
    assert "Turin spring 2026" in html


def test_same_cohort_twice_gives_one_certificate_and_one_email(
    learner, awarding_course, finish_course, django_capture_on_commit_callbacks
):
    cohort = _cohort(awarding_course, "Dushanbe 2026", weeks_ago=3)
    cf.member(cohort, user=learner)
    finish_course(learner, awarding_course)
    first = Certificate.objects.get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = certificate_issue(user=learner, course=awarding_course)
    certificate_render_task.apply(args=[first.pk]).get()
    assert again.pk == first.pk and callbacks == []
    assert Certificate.objects.count() == 1
    assert len(mail.outbox) == 1


def test_no_cohort_gives_one_certificate_without_context(
    learner, awarding_course, finish_course, client
):
    finish_course(learner, awarding_course)
    again = certificate_issue(user=learner, course=awarding_course)
    certificate = Certificate.objects.get()
    assert again.pk == certificate.pk
    assert certificate.context_key is None and certificate.context_label == ""
    html = client.get(reverse("certificates:verify", args=[certificate.display_code])).content
    assert b"<dt>Cohort</dt>" not in html


def test_the_database_refuses_a_second_row_with_or_without_context(
    learner, awarding_course, finish_course
):
    finish_course(learner, awarding_course)
    existing = Certificate.objects.get()

    bits = iter(range(existing.status_list_index + 1, existing.status_list_index + 10))

    def copy(**fields):
        row = Certificate.objects.get(pk=existing.pk)
        row.pk = None
        row.code = "Z" * 28
        row.status_list_index = next(bits)  # a free bit: only the rule under test may refuse
        for name, value in fields.items():
            setattr(row, name, value)
        with transaction.atomic():
            row.save()

    with pytest.raises(IntegrityError):
        copy()  # a second certificate without context
    with pytest.raises(IntegrityError):
        copy(context_key="")  # an empty key is not a way round the rule
    copy(context_key="cohort:1", context_label="A")
    with pytest.raises(IntegrityError):
        copy(context_key="cohort:1", context_label="A again", code="Y" * 28)
    assert Certificate.objects.count() == 2


def test_a_race_inside_one_context_keeps_the_winner(learner, awarding_course, finish_course):
    """The loser of an insert race within a cohort reads the winner's row (same context)."""
    with hooks.register_temporarily(
        "certificate_context_for", lambda user, course: ("cohort:77", "Kigali 2026")
    ):
        finish_course(learner, awarding_course)
        winner = Certificate.objects.get()

        real = services._existing
        calls = []

        def miss_first(**kwargs):
            calls.append(kwargs)
            # The first look finds nothing (the other worker has not committed yet).
            return None if len(calls) == 1 else real(**kwargs)

        services._existing = miss_first
        try:
            again = certificate_issue(user=learner, course=awarding_course)
        finally:
            services._existing = real
    assert again.pk == winner.pk
    assert Certificate.objects.count() == 1
    assert len(calls) == 2  # missed, hit the unique constraint, read the winner


def test_dashboard_and_staff_list_show_the_cohort(
    learner, learner_client, awarding_course, finish_course, administrator, client
):
    cohort = _cohort(awarding_course, "Rabat 2026", weeks_ago=1)
    cf.member(cohort, user=learner)
    finish_course(learner, awarding_course)
    html = learner_client.get(reverse("dashboard")).content.decode()
    # In the certificates panel itself (the cohorts panel names the cohort too).
    panel = html[html.index('class="panel certificates-panel"') :]
    panel = panel[: panel.index("</section>")]
    assert "Rabat 2026" in panel
    client.force_login(administrator)
    assert "Rabat 2026" in client.get(reverse("certificates:manage")).content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_keeps_existing_rows_as_certificates_without_context(
    learner, awarding_course, template
):
    before, after = ("certificates", "0001_initial"), ("certificates", "0002_certificate_context")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old_apps = executor.loader.project_state([before]).apps
    OldCertificate = old_apps.get_model("certificates", "Certificate")
    OldCertificate.objects.create(
        user_id=learner.pk,
        course_id=awarding_course.pk,
        template_id=template.pk,
        code="A" * 28,
        learner_name="Amina El Idrissi",
        course_title="Governance",
        issuer_name="Socle",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([after])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    row = Certificate.objects.get()
    assert (row.code, row.context_key, row.context_label) == ("A" * 28, None, "")
    assert row.status_list_index == 0  # 0004 gave the existing row its status-list bit
    # The old rule still holds for it ...
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            user=learner,
            course=awarding_course,
            template=template,
            code="B" * 28,
            status_list_index=1,
            learner_name="x",
            course_title="x",
            issuer_name="x",
        )
    # ... and a cohort's certificate can sit beside it.
    Certificate.objects.create(
        user=learner,
        course=awarding_course,
        template=template,
        code="C" * 28,
        status_list_index=2,
        learner_name="x",
        course_title="x",
        issuer_name="x",
        context_key="cohort:3",
    )
    assert Certificate.objects.count() == 2
