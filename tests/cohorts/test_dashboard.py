"""The trainer's dashboard: progress matrix, quiz scores from the hook, attendance, last
activity, learners at risk, messages; and a query count that stays flat as the cohort grows."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from cohorts.models import Attendance, Membership
from cohorts.services import attendance_record, module_schedule_set
from courses.models import Enrollment, StepProgress
from courses.selectors import course_steps
from tests.factories import cohorts as cf
from tests.factories.courses import course as make_course

User = get_user_model()

# 14 for a self-paced cohort without capacity (session, user, cohort, live sessions, progress,
# attendance, completions, members, cells, quiz grades, the page shell's four), plus the
# module schedule and the seat count when the cohort has them.
DASHBOARD_QUERIES = 16


def _populate(cohort, *, learners: int):
    """Bulk rows: each learner completed about half the steps, started one more."""
    steps = course_steps(cohort.course)
    users = User.objects.bulk_create(
        [
            User(
                email=f"bulk{cohort.pk}-{i}@example.org", full_name=f"Learner {i:03d}", country="TJ"
            )
            for i in range(learners)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(cohort=cohort, user=u, source="import") for u in users]
    )
    Enrollment.objects.bulk_create([Enrollment(user=u, course=cohort.course) for u in users])
    now = timezone.now()
    progress = []
    for i, u in enumerate(users):
        for j, step in enumerate(steps):
            if j < len(steps) // 2:
                progress.append(
                    StepProgress(
                        user=u, course=cohort.course, step=step, started_at=now, completed_at=now
                    )
                )
            elif j == len(steps) // 2 and i % 2:
                progress.append(
                    StepProgress(user=u, course=cohort.course, step=step, started_at=now)
                )
    StepProgress.objects.bulk_create(progress)
    # A session already held: only those count for attendance (cohorts/attendance.py).
    session = cf.live_session(cohort, starts_at=now - timedelta(days=2))
    Attendance.objects.bulk_create(
        [Attendance(session=session, user=u, status="present", source="grid") for u in users[::2]]
    )
    return users


def small_and_big_cohorts(trainer):
    """5 learners on a 3-step course and 500 on a 30-step one, populated by `_populate`: the
    pair the flat-queries checks compare (here on SQLite, in the services tier on PostgreSQL)."""
    small = cf.cohort(
        course=make_course(title="Small", modules=1, steps_per_module=3), trainer=trainer
    )
    big = cf.cohort(course=make_course(title="Big", modules=6, steps_per_module=5), trainer=trainer)
    _populate(small, learners=5)
    _populate(big, learners=500)
    return small, big


def test_query_count_is_flat(client, trainer, home_page, django_assert_max_num_queries):
    small, big = small_and_big_cohorts(trainer)
    client.force_login(trainer)
    client.get(reverse("cohorts:dashboard", args=[small.pk]))  # warm caches (site, content types)
    # Cold outline caches on both sides, so that the comparison counts the real work.
    cache.clear()
    with CaptureQueriesContext(connection) as small_queries:
        response = client.get(reverse("cohorts:dashboard", args=[small.pk]))
    assert response.status_code == 200
    cache.clear()
    with django_assert_max_num_queries(len(small_queries)):
        response = client.get(reverse("cohorts:dashboard", args=[big.pk]))
    assert response.status_code == 200
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        client.get(reverse("cohorts:dashboard", args=[big.pk]))  # outline cached
    overview = response.context["overview"]
    assert overview.total_learners == 500
    assert len(overview.steps) == 30
    assert len(overview.rows) == 50  # first page of the matrix
    assert overview.rows[0].completed == 15
    for url in (
        reverse("cohorts:report", args=[big.pk]),
        reverse("cohorts:export", args=[big.pk, "attendance", "csv"]),
    ):
        client.get(url.replace(str(big.pk), str(small.pk), 1))
        with CaptureQueriesContext(connection) as s:
            client.get(url.replace(f"/{big.pk}/", f"/{small.pk}/", 1))
        with CaptureQueriesContext(connection) as b:
            client.get(url)
        assert len(b) <= len(s), url


def test_matrix_cells_scores_attendance_and_at_risk(trainer_client, trainer, home_page):
    course = make_course(title="Governance", modules=2, steps_per_module=2)
    today = timezone.now().date()
    cohort = cf.cohort(
        course=course,
        trainer=trainer,
        pacing="scheduled",
        start_date=today - timedelta(days=20),
        inactivity_days=7,
    )
    steps = course_steps(course)
    module_one = steps[0].get_parent()
    module_schedule_set(cohort=cohort, module=module_one, release_day=0, due_day=7)  # overdue
    module_schedule_set(cohort=cohort, module=steps[2].get_parent(), release_day=7, due_day=40)
    active = cf.member(cohort, full_name="Aigerim Active")
    behind = cf.member(cohort, full_name="Bakhyt Behind")
    idle = cf.member(cohort, full_name="Chanthy Idle")
    now = timezone.now()
    for step in steps[:2]:
        StepProgress.objects.create(
            user=active, course=course, step=step, started_at=now, completed_at=now
        )
    StepProgress.objects.create(
        user=behind, course=course, step=steps[0], started_at=now, completed_at=now
    )
    long_ago = now - timedelta(days=30)
    StepProgress.objects.create(
        user=idle, course=course, step=steps[0], started_at=long_ago, completed_at=long_ago
    )
    StepProgress.objects.create(
        user=idle, course=course, step=steps[1], started_at=long_ago, completed_at=long_ago
    )
    Membership.objects.filter(cohort=cohort).update(joined_at=now - timedelta(days=20))
    session = cf.live_session(cohort, starts_at=now - timedelta(days=2))
    attendance_record(session=session, user=active, source="grid", status="present")

    def scores(*, user_ids, step_ids):
        return {(active.pk, steps[1].pk): 85.0}

    with hooks.register_temporarily("cohort_step_scores", scores):
        response = trainer_client.get(reverse("cohorts:dashboard", args=[cohort.pk]))
    overview = response.context["overview"]
    rows = {row.user.full_name: row for row in overview.rows}
    assert [c[0] for c in rows["Aigerim Active"].cells] == ["done", "done", "", ""]
    assert rows["Aigerim Active"].cells[1][1] == 85.0
    assert rows["Aigerim Active"].attended == 1
    assert rows["Aigerim Active"].at_risk_reasons == []
    assert rows["Bakhyt Behind"].behind == 1
    assert rows["Bakhyt Behind"].at_risk_reasons == ["behind"]
    assert rows["Chanthy Idle"].at_risk_reasons == ["inactive"]
    assert {r.user.full_name for r in overview.at_risk} == {"Bakhyt Behind", "Chanthy Idle"}
    body = response.content.decode()
    assert "85%" in body
    assert "1 step overdue" in body


def test_message_to_selected_learners(
    trainer_client, trainer, cohort, django_capture_on_commit_callbacks
):
    a, b, c = (cf.member(cohort) for _ in range(3))
    url = reverse("cohorts:message", args=[cohort.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(
            url, {"user": [a.pk, c.pk], "subject": "Webinar moved", "body": "See you on Thursday."}
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, c.email])
    assert all(m.reply_to == [trainer.email] for m in mail.outbox)
    assert mail.outbox[0].subject == f"[{cohort.name}] Webinar moved"


def test_message_to_whole_cohort(trainer_client, cohort, django_capture_on_commit_callbacks):
    members = [cf.member(cohort) for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        trainer_client.post(
            reverse("cohorts:message", args=[cohort.pk]),
            {"subject": "Welcome", "body": "Hello all"},
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in members)


def test_message_bad_input_sends_nothing(
    trainer_client, cohort, course, trainer, django_capture_on_commit_callbacks
):
    cf.member(cohort)
    outsider = cf.member(cf.cohort(course=course, trainer=trainer))
    url = reverse("cohorts:message", args=[cohort.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(url, {"user": [outsider.pk], "subject": "Hi", "body": "x"})
        assert "not in this cohort" in response.content.decode()
        response = trainer_client.post(url, {"subject": "", "body": ""})
        assert response.status_code == 400
    assert mail.outbox == []


def test_matrix_pages_through_learners_and_survives_odd_page_numbers(
    trainer_client, trainer, home_page
):
    cohort = cf.cohort(
        course=make_course(title="Paged", modules=1, steps_per_module=2), trainer=trainer
    )
    _populate(cohort, learners=120)  # three pages of 50, 50 and 20
    url = reverse("cohorts:dashboard", args=[cohort.pk])

    def shown(page):
        response = trainer_client.get(url, {"page": page})
        assert response.status_code == 200
        overview = response.context["overview"]
        names = [row.user.full_name for row in overview.rows]
        return overview.page_number, overview.page_count, names

    number, count, names = shown("2")
    assert (number, count) == (2, 3)
    assert names[0] == "Learner 050" and names[-1] == "Learner 099"
    assert len(shown("3")[2]) == 20
    # Not a number: the first page; out of range either way: the last.
    for odd, expected in (("abc", 1), ("", 1), ("2.5", 1), ("999", 3), ("0", 3), ("-1", 3)):
        assert shown(odd)[0] == expected, odd
    body = trainer_client.get(url, {"page": "2"}).content.decode()
    assert "?page=1#progress" in body and "?page=3#progress" in body


def test_matrix_and_at_risk_rows_escape_names_and_titles(trainer_client, trainer, home_page):
    """The rows and header are templates now and the cells a tag: a hostile learner name or
    step title reaches the page escaped, in the matrix and in the at-risk table alike."""
    course = make_course(title="Governance", modules=1, steps_per_module=2)
    steps = course_steps(course)
    steps[0].title = '<b onmouseover="x()">Step</b>'
    steps[0].save_revision().publish()
    cache.clear()  # the course outline is cached
    cohort = cf.cohort(course=course, trainer=trainer, inactivity_days=7)
    learner = cf.member(cohort, full_name="<script>alert(1)</script>")
    Membership.objects.filter(cohort=cohort).update(joined_at=timezone.now() - timedelta(days=30))
    body = trainer_client.get(reverse("cohorts:dashboard", args=[cohort.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert '<b onmouseover="x()">' not in body
    assert "&lt;b onmouseover=&quot;x()&quot;&gt;Step&lt;/b&gt;" in body
    # Twice in the matrix (checkbox label, row header), once in the at-risk table.
    assert body.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3
    assert f'value="{learner.pk}" id="risk-{learner.pk}" checked' in body
    assert body.count('class="matrix__cell matrix__cell--none"') == 2
