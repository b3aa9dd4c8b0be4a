"""Calculated questions in Wagtail's editor: a bad question is refused and nothing is saved."""

import pytest
from django.urls import reverse
from wagtail.models import Revision
from wagtail.test.utils.form_data import rich_text

from assessments.models import QuizPage
from tests.factories import quiz_page

pytestmark = pytest.mark.django_db

COMMENTS = {
    "comments-TOTAL_FORMS": "0",
    "comments-INITIAL_FORMS": "0",
    "comments-MIN_NUM_FORMS": "0",
    "comments-MAX_NUM_FORMS": "1000",
}


def quiz_form(quiz, formula: str) -> dict:
    prefix = "questions-0-value"
    data = {
        "title": quiz.title,
        "slug": quiz.slug,
        "intro": rich_text(""),
        "pass_mark": "70",
        "attempts_allowed": "0",
        "grace_period_seconds": "60",
        "overdue_policy": "auto_submit",
        "grading_method": "highest",
        "feedback_policy": "after_submission",
        "answers_policy": "after_submission",
        "draw_count": "0",
        "estimated_minutes": "10",
        "questions-count": "1",
        "questions-0-type": "calculated",
        "questions-0-deleted": "",
        "questions-0-order": "0",
        "questions-0-id": "",
        f"{prefix}-prompt": rich_text("Rate {rate} and ratio {ratio}: the cost rate?"),
        f"{prefix}-points": "1",
        f"{prefix}-explanation": rich_text(""),
        f"{prefix}-variables-count": "2",
        f"{prefix}-answer_source": "formula",
        f"{prefix}-formula": formula,
        f"{prefix}-model": "",
        f"{prefix}-output": "",
        f"{prefix}-year": "",
        f"{prefix}-assumptions-count": "0",
        f"{prefix}-answer_decimals": "2",
        f"{prefix}-tolerance": "0",
        f"{prefix}-tolerance_kind": "absolute",
        f"{prefix}-unit": "%",
        **COMMENTS,
    }
    for i, (name, low, high) in enumerate([("rate", "0", "60"), ("ratio", "10", "40")]):
        item = f"{prefix}-variables-{i}"
        data.update(
            {
                f"{item}-deleted": "",
                f"{item}-order": str(i),
                f"{item}-id": "",
                f"{item}-value-name": name,
                f"{item}-value-minimum": low,
                f"{item}-value-maximum": high,
                f"{item}-value-decimals": "0",
            }
        )
    return data


def test_the_editor_refuses_a_formula_that_divides_by_zero_and_saves_nothing(client, administrator):
    quiz = quiz_page(questions=[])
    client.force_login(administrator)
    url = reverse("wagtailadmin_pages:edit", args=[quiz.pk])
    assert client.get(url).status_code == 200
    revisions = Revision.objects.count()
    response = client.post(url, quiz_form(quiz, "ratio / rate"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "the answer cannot be computed: it divides by zero" in body
    assert Revision.objects.count() == revisions
    # The same form with a sound formula is saved as a draft.
    ok = client.post(url, quiz_form(quiz, "ratio * rate / 100"))
    assert ok.status_code == 302, ok.context["form"].errors
    assert Revision.objects.count() == revisions + 1
    draft = QuizPage.objects.get(pk=quiz.pk).get_latest_revision_as_object()
    assert draft.questions[0].value["formula"] == "ratio * rate / 100"
