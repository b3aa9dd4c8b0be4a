"""The cohort's gradebook (issue 17): every member x every graded item with the quiz's grading
method, H5P activities the course counts and graded model tasks; trainers' overrides with a
reason (audited, the computed grade kept, removable); the XLSX export; access; flat queries."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail import hooks

from assessments.models import Attempt, AttemptState, H5PResult, H5PStatement
from cohorts.models import GradeOverride, Membership
from cohorts.services import grade_override_remove, grade_override_set
from courses.models import LessonPage, ModulePage
from learning.models import AuditAction, AuditEvent
from tests.factories import UserFactory, h5p_package, quiz_page
from tests.factories import cohorts as cf
from tests.factories.courses import lessons

pytestmark = pytest.mark.django_db
User = get_user_model()


def attempt(user, quiz, number, score):
    now = timezone.now() + timedelta(minutes=number)
    return Attempt.objects.create(
        user=user,
        quiz=quiz,
        revision=quiz.latest_revision,
        number=number,
        state=AttemptState.SUBMITTED,
        started_at=now,
        submitted_at=now,
        score=Decimal(score),
    )


def h5p_result(user, package, page, scaled):
    statement = H5PStatement.objects.create(
        user=user, package=package, page=page, verb="answered", statement={}
    )
    return H5PResult.objects.create(
        user=user,
        package=package,
        page=page,
        statement=statement,
        verb="answered",
        score_raw=Decimal(scaled) * 10,
        score_max=10,
        scaled=Decimal(scaled),
    )


def place_h5p(lesson, package, *, required=True, title=""):
    lesson = LessonPage.objects.get(pk=lesson.pk)
    lesson.body = [
        *lesson.body.raw_data,
        {"type": "h5p", "value": {"package": package.pk, "title": title, "required": required}},
    ]
    lesson.save_revision().publish()


@pytest.fixture
def graded(cohort):
    """Two quizzes (highest, average), one required H5P activity and one that is not."""
    module = ModulePage.objects.child_of(cohort.course).first()
    highest = quiz_page(module=module, title="Quiz highest", grading_method="highest")
    average = quiz_page(module=module, title="Quiz average", grading_method="average")
    lesson = lessons(cohort.course)[0]
    counted = h5p_package(title="Floors check")
    place_h5p(lesson, counted)
    place_h5p(lesson, h5p_package(title="Practice only"), required=False)
    return {"highest": highest, "average": average, "lesson": lesson, "h5p": counted}


def url(cohort, name="gradebook", *args):
    return reverse(f"cohorts:{name}", args=[cohort.pk, *args])


def test_grades_follow_each_items_method(trainer_client, cohort, graded):
    ana = cf.member(cohort, full_name="Ana")
    bo = cf.member(cohort, full_name="Bo")
    attempt(ana, graded["highest"], 1, "80")
    attempt(ana, graded["highest"], 2, "40")
    attempt(ana, graded["average"], 1, "90")
    attempt(ana, graded["average"], 2, "55")
    h5p_result(ana, graded["h5p"], graded["lesson"], "0.5")
    h5p_result(ana, graded["h5p"], graded["lesson"], "0.75")
    response = trainer_client.get(url(cohort))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Quiz highest" in page and "Quiz average" in page and "Floors check" in page
    assert "Practice only" not in page  # not required: the course does not count it
    assert "Highest attempt" in page and "Average of attempts" in page
    ana_row = page.split(">Ana</th>")[1].split("</tr>")[0]
    assert ">80<" in ana_row and ">72.50<" in ana_row and ">75<" in ana_row
    bo_row = page.split(">Bo</th>")[1].split("</tr>")[0]
    assert "no grade" in bo_row  # no result: an empty cell, not 0
    assert bo.pk  # listed


def test_cohort_page_links_to_the_gradebook(trainer_client, cohort):
    page = trainer_client.get(url(cohort, "dashboard")).content.decode()
    assert url(cohort) in page


def test_a_fake_app_contributes_columns_through_the_hook(trainer_client, cohort):
    ana = cf.member(cohort, full_name="Ana")
    step = lessons(cohort.course)[1]
    calls = []

    def items(*, course_id, step_ids, user_ids):
        calls.append(list(user_ids))
        return [
            {
                "key": "fake-1",
                "step_id": step.pk,
                "title": "Peer review",
                "kind": "Review",
                "method": "Trainer's mark",
                "scores": {ana.pk: 64.0, 999_999: 10.0},
            },
            {"key": "fake-2", "step_id": 123_456_789, "title": "Not in course", "scores": {}},
        ]

    with hooks.register_temporarily("cohort_graded_items", items):
        page = trainer_client.get(url(cohort)).content.decode()
    assert "Peer review" in page and ">64<" in page
    assert "Not in course" not in page
    assert calls == [[ana.pk]]  # one call for the whole cohort


# --- Overrides --------------------------------------------------------------------------


def test_override_with_reason_is_audited_keeps_original_and_can_be_removed(
    trainer_client, trainer, cohort, graded
):
    ana = cf.member(cohort, full_name="Ana")
    attempt(ana, graded["highest"], 1, "60")
    key = f"quiz-{graded['highest'].pk}"
    form = url(cohort, "grade_override", ana.pk, key)
    assert trainer_client.get(form).status_code == 200
    response = trainer_client.post(form, {"score": "85", "reason": "Marked by hand after appeal"})
    assert response.status_code == 302
    override = GradeOverride.objects.get()
    assert (override.score, override.original_score) == (Decimal("85.00"), Decimal("60.00"))
    assert override.created_by == trainer
    event = AuditEvent.objects.get(action=AuditAction.GRADE_OVERRIDE)
    assert event.action == AuditAction.GRADE_OVERRIDE
    assert event.reason == "Marked by hand after appeal"
    assert event.detail["computed"] == "60.00" and event.detail["score"] == "85.00"
    page = trainer_client.get(url(cohort)).content.decode()
    row = page.split(">Ana</th>")[1].split("</tr>")[0]
    assert ">85<" in row and "(60)" in row  # the override counts, the computed grade shows
    assert Attempt.objects.get().score == Decimal("60")  # the learner's result is untouched

    assert trainer_client.post(form, {"remove": "1"}).status_code == 302
    assert not GradeOverride.objects.exists()
    removal = AuditEvent.objects.filter(action=AuditAction.GRADE_OVERRIDE).order_by("pk").last()
    assert removal.detail["removed"] is True and removal.detail["score"] == "85.00"
    row = trainer_client.get(url(cohort)).content.decode().split(">Ana</th>")[1]
    assert ">60<" in row.split("</tr>")[0]


BAD_OVERRIDES = [
    ({"score": "85", "reason": "   "}, "This field is required"),
    ({"score": "85", "reason": ""}, "This field is required"),
    ({"score": "101", "reason": "x"}, "less than or equal to 100"),
    ({"score": "-1", "reason": "x"}, "greater than or equal to 0"),
    ({"score": "abc", "reason": "x"}, "Enter a number"),
    ({"score": "NaN", "reason": "x"}, "Enter a number"),
    ({"score": "50.123", "reason": "x"}, "2 decimal places"),
    ({"score": "50", "reason": "x" * 1001}, "at most 1000 characters"),
]


def test_bad_override_is_refused_with_a_message_and_writes_nothing(trainer_client, cohort, graded):
    ana = cf.member(cohort, full_name="Ana")
    form = url(cohort, "grade_override", ana.pk, f"quiz-{graded['highest'].pk}")
    for data, message in BAD_OVERRIDES:
        response = trainer_client.post(form, data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert not GradeOverride.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.GRADE_OVERRIDE).exists()


def test_service_refuses_empty_reason_and_unknown_items(trainer, cohort, graded):

    ana = cf.member(cohort, full_name="Ana")
    args = {"cohort": cohort, "actor": trainer, "user_id": ana.pk}
    with pytest.raises(ValidationError, match="Say why"):
        grade_override_set(**args, item_key=f"quiz-{graded['highest'].pk}", score=5, reason=" ")
    with pytest.raises(ValidationError, match="not in the cohort"):
        grade_override_set(**args, item_key="quiz-999999", score=5, reason="x")
    outsider = UserFactory()
    with pytest.raises(ValidationError, match="not in the cohort"):
        grade_override_set(
            cohort=cohort,
            actor=trainer,
            user_id=outsider.pk,
            item_key=f"quiz-{graded['highest'].pk}",
            score=5,
            reason="x",
        )
    with pytest.raises(ValidationError, match="no override"):
        grade_override_remove(**args, item_key=f"quiz-{graded['highest'].pk}")
    assert (
        not GradeOverride.objects.exists()
        and not AuditEvent.objects.filter(action=AuditAction.GRADE_OVERRIDE).exists()
    )


def test_service_refuses_someone_who_does_not_train_the_cohort(cohort, graded):

    ana = cf.member(cohort, full_name="Ana")
    other = UserFactory(roles=["Trainer"])
    with pytest.raises(PermissionDenied):
        grade_override_set(
            cohort=cohort,
            actor=other,
            user_id=ana.pk,
            item_key=f"quiz-{graded['highest'].pk}",
            score=5,
            reason="x",
        )
    assert not GradeOverride.objects.exists()


def test_unknown_item_or_non_member_in_the_url_is_404(trainer_client, cohort, graded):
    ana = cf.member(cohort, full_name="Ana")
    outsider = UserFactory()
    key = f"quiz-{graded['highest'].pk}"
    assert trainer_client.get(url(cohort, "grade_override", ana.pk, "quiz-0")).status_code == 404
    post = trainer_client.post(
        url(cohort, "grade_override", outsider.pk, key), {"score": "1", "reason": "x"}
    )
    assert post.status_code == 404
    assert not GradeOverride.objects.exists()


def test_a_removed_member_leaves_the_gradebook(trainer_client, cohort, graded):
    ana = cf.member(cohort, full_name="Ana")
    Membership.objects.filter(user=ana).update(status="withdrawn", withdrawn_at=timezone.now())
    assert ">Ana</th>" not in trainer_client.get(url(cohort)).content.decode()


# --- Access --------------------------------------------------------------------------


def _urls(cohort, member, key):
    return [
        url(cohort),
        url(cohort, "gradebook_export"),
        url(cohort, "grade_override", member.pk, key),
    ]


def test_anonymous_is_sent_to_sign_in(client, cohort, graded):
    ana = cf.member(cohort, full_name="Ana")
    for address in _urls(cohort, ana, f"quiz-{graded['highest'].pk}"):
        response = client.get(address)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(
        url(cohort, "grade_override", ana.pk, f"quiz-{graded['highest'].pk}"),
        {"score": "1", "reason": "x"},
    )
    assert response.status_code == 302
    assert not GradeOverride.objects.exists()


def test_others_get_404_and_write_nothing(client, cohort, graded, editor):
    ana = cf.member(cohort, full_name="Ana")
    key = f"quiz-{graded['highest'].pk}"
    for user in (ana, UserFactory(roles=["Trainer"]), editor):
        client.force_login(user)
        for address in _urls(cohort, ana, key):
            assert client.get(address).status_code == 404, (user, address)
        response = client.post(
            url(cohort, "grade_override", ana.pk, key), {"score": "100", "reason": "x"}
        )
        assert response.status_code == 404
        response = client.post(url(cohort, "grade_override", ana.pk, key), {"remove": "1"})
        assert response.status_code == 404
    assert not GradeOverride.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.GRADE_OVERRIDE).exists()


def test_administrators_see_every_gradebook(client, cohort, graded, administrator):
    cf.member(cohort, full_name="Ana")
    client.force_login(administrator)
    assert client.get(url(cohort)).status_code == 200


# --- Export --------------------------------------------------------------------------


def test_xlsx_export_has_the_grades_and_neutralises_formulas(
    trainer_client, trainer, cohort, graded
):
    ana = cf.member(cohort, full_name='=HYPERLINK("http://evil")')
    attempt(ana, graded["highest"], 1, "60")
    grade_override_set(
        cohort=cohort,
        actor=trainer,
        user_id=ana.pk,
        item_key=f"quiz-{graded['average'].pk}",
        score="70",
        reason="+cmd|' /C calc'!A0",
    )
    response = trainer_client.get(url(cohort, "gradebook_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header, first = rows[0], rows[1]
    assert header[:2] == ["Name", "E-mail"]
    assert "Quiz highest (Quiz)" in header and "Floors check (Interactive activity)" in header
    assert first[0].startswith("'=")
    assert first[header.index("Quiz highest (Quiz)")] == 60
    assert first[header.index("Quiz average (Quiz)")] == 70
    assert first[header.index("Average")] == 65
    assert "instead of -" in first[-1] and "calc" in first[-1]
    for row in rows[1:]:
        for value in row:
            assert not (isinstance(value, str) and value[:1] in "=+-@"), value


# --- Queries --------------------------------------------------------------------------


def _grow(cohort, graded, count, start):
    users = User.objects.bulk_create(
        [
            User(email=f"g{start + i}@example.org", full_name=f"L {start + i:03d}")
            for i in range(count)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(cohort=cohort, user=u, source="import") for u in users]
    )
    for u in users:
        attempt(u, graded["highest"], 1, "50")
        h5p_result(u, graded["h5p"], graded["lesson"], "0.5")
    GradeOverride.objects.create(
        cohort=cohort, user=users[0], item_key=f"quiz-{graded['highest'].pk}", score=1, reason="x"
    )


def test_query_count_is_flat_for_5_and_40_learners(
    trainer_client, cohort, graded, django_assert_max_num_queries
):
    _grow(cohort, graded, 5, 0)
    trainer_client.get(url(cohort))  # warm the caches (outline, required activities)
    with django_assert_max_num_queries(30) as small:
        assert trainer_client.get(url(cohort)).status_code == 200
    _grow(cohort, graded, 35, 100)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = trainer_client.get(url(cohort)).content.decode()
    assert page.count('scope="row"') == 40
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert trainer_client.get(url(cohort, "gradebook_export")).status_code == 200
