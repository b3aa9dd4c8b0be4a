"""Translated demo quiz files load through wagtail-localize: a real translation, idempotent."""

import io
import shutil

import pytest
import yaml
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation

from assessments import demo as assessments_demo
from assessments.demo.files import CONTENT
from assessments.models import QuizPage
from courses import demo as courses_demo
from learning.contentfiles import ContentError
from learning.locales import sync_trees

pytestmark = pytest.mark.django_db


def french_quiz(tmp_path, *, drop_last=False):
    root = tmp_path / "content"
    (root / "en").mkdir(parents=True)
    shutil.copy(CONTENT / "en" / "quiz-governance.md", root / "en")
    english = (CONTENT / "en" / "quiz-governance.md").read_text(encoding="utf-8")
    header = yaml.safe_load(english.split("---\n")[1])
    questions = [
        {"id": q["id"], "prompt": f"Question en français n° {n}"}
        for n, q in enumerate(header["questions"])
    ]
    if drop_last:
        questions.pop()
    fr = {"title": "Quiz : gouvernance de la sécurité sociale", "slug": header["slug"]}
    text = yaml.safe_dump({**fr, "questions": questions}, allow_unicode=True)
    (root / "fr").mkdir()
    (root / "fr" / "quiz-governance.md").write_text(
        f"---\n{text}---\nVérifiez vos acquis.\n", encoding="utf-8"
    )
    return root


@pytest.fixture
def demo():
    courses_demo.load(stdout=io.StringIO())
    assessments_demo.load(stdout=io.StringIO())
    sync_trees()


def translate(root, capture):
    out = io.StringIO()
    with capture(execute=True):
        assessments_demo.load_translations(stdout=out, root=root)
    return out.getvalue()


def test_a_french_quiz_file_becomes_a_full_translation_and_reloading_is_a_no_op(
    demo, tmp_path, django_capture_on_commit_callbacks
):
    root = french_quiz(tmp_path)
    fr = Locale.objects.get(language_code="fr")
    alias = QuizPage.objects.get(slug="quiz-governance", locale=fr)
    assert alias.alias_of_id is not None
    assert "1 created" in translate(root, django_capture_on_commit_callbacks)

    quiz = QuizPage.objects.get(slug="quiz-governance", locale=fr)
    assert quiz.pk == alias.pk and quiz.alias_of_id is None and quiz.live
    assert quiz.title == "Quiz : gouvernance de la sécurité sociale"
    assert "Vérifiez vos acquis." in quiz.intro
    assert str(quiz.questions[0].value["prompt"]) == "<p>Question en français n° 0</p>"
    english = QuizPage.objects.get(slug="quiz-governance", locale__language_code="en")
    assert [b.id for b in quiz.questions] == [b.id for b in english.questions]
    translation = Translation.objects.get(source__object_id=english.translation_key)
    total, done = translation.get_progress()
    assert total == done > 0

    rows = StringTranslation.objects.count()
    revisions = quiz.revisions.count()
    assert "1 unchanged" in translate(root, django_capture_on_commit_callbacks)
    assert StringTranslation.objects.count() == rows
    assert quiz.revisions.count() == revisions


def test_a_translation_with_another_structure_is_refused_whole(
    demo, tmp_path, django_capture_on_commit_callbacks
):
    root = french_quiz(tmp_path, drop_last=True)
    with pytest.raises(ContentError, match=r"quiz-governance\.md.*8 items in English, 7 here"):
        translate(root, django_capture_on_commit_callbacks)
    assert not StringTranslation.objects.exists()
    fr = QuizPage.objects.get(slug="quiz-governance", locale__language_code="fr")
    assert fr.alias_of_id is not None
